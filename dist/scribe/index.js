import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{startRole}from"../chunks/chunk-M2AB7YJ4.js";import"../chunks/chunk-H2NA3TYP.js";import"../chunks/chunk-VUEJJUAN.js";await startRole("/repos/{owner}/{repo}",()=>import("../chunks/role-4JSA5PSD.js"));
