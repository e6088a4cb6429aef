import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('undefined-reference: networks, volumes, secrets, configs, models', () => {
  assert.deepEqual(
    findings(
      'undefined-reference',
      yaml`
      services:
        app:
          image: busybox:1.36
          networks:
            - default
            - front
            - back
          volumes:
            - data:/data
            - cache:/cache
            - ./src:/src
            - /abs:/abs
            - type: volume
              source: logs
              target: /logs
          secrets: [token, { source: missing, target: /run/x }]
          configs: [conf]
      networks:
        front:
      volumes:
        data:
      secrets:
        token:
          file: ./compose.yaml
    `,
    ),
    [
      'compose.yaml:7:9-7:13 error undefined-reference: Service "app" refers to undefined network "back": add it under the top-level "networks" key.',
      'compose.yaml:10:9-10:21 error undefined-reference: Service "app" refers to undefined volume "cache": add it under the top-level "volumes" key.',
      'compose.yaml:14:17-14:21 error undefined-reference: Service "app" refers to undefined volume "logs": add it under the top-level "volumes" key.',
      'compose.yaml:16:32-16:39 error undefined-reference: Service "app" refers to undefined secret "missing": add it under the top-level "secrets" key.',
      'compose.yaml:17:15-17:19 error undefined-reference: Service "app" refers to undefined config "conf": add it under the top-level "configs" key.',
    ],
  );
});

test('undefined-reference: a secret or config in the long syntax without "source" names nothing (the runtime refuses it)', () => {
  assert.deepEqual(
    findings(
      'undefined-reference',
      yaml`
      services:
        app:
          image: busybox:1.36
          secrets: [{ target: /run/token }]
          configs:
            - target: /etc/app.conf
              mode: 0440
      secrets:
        token:
          file: ./compose.yaml
    `,
    ),
    [
      'compose.yaml:4:15-4:37 error undefined-reference: Service "app" has a secret entry without "source": name the secret to mount.',
      'compose.yaml:6:9-6:30 error undefined-reference: Service "app" has a config entry without "source": name the config to mount.',
    ],
  );
});
