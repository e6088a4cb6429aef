import { arr, bool, dict, obj, oneOf, str, type ObjectSpec } from '../spec/types';

/** The network contract's own specification (validated with the same walker as compose files). */
const NAME = { re: /^[a-zA-Z0-9._-]+$/, what: 'letters, digits, ".", "_" and "-"' };

const tier = obj(
  {
    description: str('What the tier is for.'),
    networks: arr(str('A network of the compose project.'), 'Compose networks that make up the tier.', true),
    internal: bool('The tier\'s networks must be `internal: true` (no route to the outside).'),
    publish: oneOf(
      'Whether services of the tier may publish ports: true, false (the default), or the host IPs they may bind.',
      bool(),
      arr(str('A host IP, such as 127.0.0.1.'), undefined, true),
    ),
    reach: arr(str('A tier name.'), 'Tiers whose services this tier\'s services may reach.', true),
    encrypted: bool('On a swarm: the tier\'s overlay networks must encrypt their traffic (`driver_opts: {encrypted: ""}`).'),
    attachable: bool('On a swarm: false forbids `attachable: true` on the tier\'s networks (standalone containers joining them).'),
  },
  'A network tier.',
  { extensions: false },
);

const exception = obj(
  {
    service: str('Service name or glob pattern the exception applies to.'),
    profiles: arr(str(), 'Only while the service runs under one of these profiles only.', true),
    allow: arr(str('A contract rule id.'), 'Contract rules that do not apply (default: all of them).', true),
    reason: str('Why the exception exists (required).'),
  },
  'An explicit exception to the contract.',
  { required: ['service', 'reason'], extensions: false },
);

export const contractSpec: ObjectSpec = obj(
  {
    version: oneOf('Contract format version (1).', str(), { k: 'scalar', types: ['integer'] }),
    tiers: dict(tier, 'The tiers of the system.', NAME),
    services: dict(str('A tier name.'), 'Which tier each service belongs to: service name or glob pattern → tier.'),
    exceptions: arr(exception, 'Explicit exceptions, each with a reason.'),
  },
  'A Compose Mesh network contract.',
  { required: ['tiers'] },
);
