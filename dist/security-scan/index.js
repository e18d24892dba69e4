import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{startRole}from"../chunks/chunk-GL2BH3YP.js";import"../chunks/chunk-QHKMFOWV.js";import"../chunks/chunk-VUEJJUAN.js";await startRole("/repos/{owner}/{repo}",()=>import("../chunks/role-YQMZ4ZIX.js"));
