import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, yaml } from '../helpers';

test('image-or-build: a service with neither image nor build', () => {
  assert.deepEqual(
    findings(
      'image-or-build',
      yaml`
      services:
        web:
          command: echo hi
        api:
          image: busybox:1.36
        app:
          build: .
        ext:
          provider:
            type: model
    `,
    ),
    ['compose.yaml:2:3-2:6 error image-or-build: Service "web" has neither an image nor a build context.'],
  );
});
