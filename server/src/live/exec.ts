import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';

/** Runs a command inside a container (argument array, no shell) and returns its exit code and output. */
export async function execIn(docker: Docker, containerId: string, cmd: string[], timeoutMs = 8000): Promise<{ code: number; output: string }> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = '';
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  });
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, timeoutMs);
    stream.on('end', () => (clearTimeout(timer), resolve()));
    stream.on('close', () => (clearTimeout(timer), resolve()));
    stream.on('error', () => (clearTimeout(timer), resolve()));
  });
  const info = await exec.inspect();
  return { code: info.Running ? -1 : (info.ExitCode ?? -1), output };
}
