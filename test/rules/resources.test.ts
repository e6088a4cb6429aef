import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('secret-config-source: a secret whose "environment" is empty, written or interpolated, reads nothing; a config\'s may be', () => {
  // docker compose config: 'secret "s" must declare either \`file\` or \`environment\`'; it takes the config.
  assert.deepEqual(
    findings(
      'secret-config-source',
      yaml`
      services:
        a: { image: busybox:1.36, secrets: [s, t], configs: [c] }
      secrets:
        s:
          environment: ""
        t:
          environment: \${TOKEN_VAR}
      configs:
        c:
          environment: ""
    `,
    ),
    [
      'compose.yaml:5:18-5:20 error secret-config-source: The secret "s" has an empty value as "environment": Compose needs the name of a variable to read it from.',
      'compose.yaml:7:18-7:30 error secret-config-source: The secret "t" has "${TOKEN_VAR}" (empty after interpolation) as "environment": Compose needs the name of a variable to read it from.',
    ],
  );
});

test('secret-config-source: a source is required, and only one', () => {
  assert.deepEqual(
    findings(
      'secret-config-source',
      yaml`
      services:
        a: { image: busybox:1.36 }
      secrets:
        none: {}
        both:
          file: ./compose.yaml
          environment: TOKEN
        ok:
          environment: TOKEN
        ext:
          external: true
      configs:
        c1:
          content: hello
        c2:
          labels: [a=b]
    `,
    ),
    [
      'compose.yaml:4:3-4:7 error secret-config-source: The secret "none" must declare "file" or "environment" (or be external).',
      'compose.yaml:7:5-7:16 error secret-config-source: The secret "both" declares "file" and "environment"; they are mutually exclusive.',
      'compose.yaml:15:3-15:5 error secret-config-source: The config "c2" must declare "file", "environment" or "content" (or be external).',
    ],
  );
});

test('external-attributes: an external volume or network takes only a name', () => {
  assert.deepEqual(
    findings(
      'external-attributes',
      yaml`
      services:
        a: { image: busybox:1.36 }
      volumes:
        data:
          external: true
          driver: local
        named:
          external: true
          name: shared
      networks:
        edge:
          external: true
          internal: true
    `,
    ),
    [
      'compose.yaml:6:5-6:11 error external-attributes: The volume "data" is external: "driver" cannot be set (conflicting parameters "external" and "driver").',
      'compose.yaml:13:5-13:13 error external-attributes: The network "edge" is external: "internal" cannot be set (conflicting parameters "external" and "internal").',
    ],
  );
});

test('tmpfs-volume-target: one target mounted twice', () => {
  assert.deepEqual(
    findings(
      'tmpfs-volume-target',
      yaml`
      services:
        a:
          image: busybox:1.36
          tmpfs: /run
          volumes:
            - data:/run
            - ./x:/x
            - type: bind
              source: ./y
              target: /x
      volumes:
        data:
    `,
    ),
    [
      'compose.yaml:6:9-6:18 error tmpfs-volume-target: Service "a" mounts "/run" twice (tmpfs and this volume mount).',
      'compose.yaml:8:9-8:19 error tmpfs-volume-target: Service "a" mounts "/x" twice (bind mount and this bind mount).',
    ],
  );
});
