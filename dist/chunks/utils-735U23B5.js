import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{GitHub,context,defaults,getOctokitOptions,getUserAgentWithOrchestrationId}from"./chunk-SSVAJYXE.js";import"./chunk-UASGFHZ6.js";import"./chunk-EYAKCIRL.js";import"./chunk-VUEJJUAN.js";export{GitHub,context,defaults,getOctokitOptions,getUserAgentWithOrchestrationId};
