export { startConnectProxy, startEchoServer } from './servers.js';
