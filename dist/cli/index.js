#!/usr/bin/env node
import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import"../chunks/chunk-VUEJJUAN.js";async function dispatch(argv){if(argv[0]==="atlas"){let{runAtlasCli}=await import("../chunks/src-FXESHIZV.js");try{process.exitCode=await runAtlasCli(argv.slice(1),{stdout:text=>process.stdout.write(text),stderr:text=>process.stderr.write(text),cwd:process.cwd()})}catch(error){process.stderr.write(`atlas: internal error: ${error instanceof Error?error.stack??error.message:String(error)}
`),process.exitCode=2}return}let{runCli}=await import("../chunks/src-CTL5VGPH.js");await runCli(argv)}await dispatch(process.argv.slice(2));
