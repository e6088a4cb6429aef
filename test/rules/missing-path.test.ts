import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('missing-path: env_file, build context, Dockerfile, secret and config files', () => {
  assert.deepEqual(
    findings(
      'missing-path',
      yaml`
        services:
          a:
            build:
              context: ./app
              dockerfile: Dockerfile.prod
            env_file:
              - .env.present
              - .env.absent
              - path: .env.optional
                required: false
          b:
            build: ./nowhere
            env_file: ./missing.env
          c:
            build: https://github.com/example/repo.git#main
        secrets:
          s:
            file: ./secrets/token.txt
        configs:
          c:
            file: ./app/Dockerfile
      `,
      { extra: { '.env.present': 'A=1\n', 'app/Dockerfile': 'FROM scratch\n' } },
    ),
    [
      'compose.yaml:5:19-5:34 error missing-path: The Dockerfile "Dockerfile.prod" of service "a" does not exist in the build context.',
      'compose.yaml:8:9-8:20 error missing-path: The env_file of service "a" does not exist: .env.absent',
      'compose.yaml:12:12-12:21 error missing-path: The build context of service "b" does not exist: ./nowhere',
      'compose.yaml:13:15-13:28 error missing-path: The env_file of service "b" does not exist: ./missing.env',
      'compose.yaml:18:11-18:30 error missing-path: The file of secret "s" does not exist: ./secrets/token.txt',
    ],
  );
});
