import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ComposeMeshServer } from './compose-server';

// The process entry: one server on the connection the editor opened (stdio, ipc or a socket).
const connection = createConnection(ProposedFeatures.all);
new ComposeMeshServer(connection).listen();

process.on('uncaughtException', (err) => connection.console.error(`Unexpected error: ${err.stack ?? err}`));
