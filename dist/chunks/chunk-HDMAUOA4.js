import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
var silentLog={info:()=>{},warning:()=>{}};export{silentLog};
