import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{startRole}from"../chunks/chunk-GL2BH3YP.js";import"../chunks/chunk-QHKMFOWV.js";import"../chunks/chunk-VUEJJUAN.js";await startRole(null,()=>import("../chunks/role-MHEZP5XG.js"));
