#!/usr/bin/env node
import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);
import{runCli}from"../chunks/chunk-DGDL6QNL.js";import"../chunks/chunk-ZD6GNU5I.js";import"../chunks/chunk-VUEJJUAN.js";await runCli(process.argv.slice(2));
