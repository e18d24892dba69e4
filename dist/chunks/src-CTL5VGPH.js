import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{DEFAULT_DENY,USAGE,WHOLE_FILE_FORMAT_HELP,applyPatch,formatRefusals,main,runCli}from"./chunk-BD5276IK.js";import"./chunk-ZD6GNU5I.js";import"./chunk-VUEJJUAN.js";export{DEFAULT_DENY,USAGE,WHOLE_FILE_FORMAT_HELP,applyPatch,formatRefusals,main,runCli};
