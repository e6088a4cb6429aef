import { arr, bool, dict, int, obj, oneOf, str, type ObjectSpec, type Spec } from '../spec/types';

/** The network contract's own specification (validated with the same walker as compose files). */
const NAME = { re: /^[a-zA-Z0-9._-]+$/, what: 'letters, digits, ".", "_" and "-"' };

const publish: Spec = oneOf(
  'What may be published: true (anything), false (nothing, the default), or a list of host IPs (127.0.0.1), ports or ranges with an optional protocol (443, 8000-8090, 53/udp), and host IP with port (127.0.0.1:8090).',
  bool(),
  arr(int('A host IP, a port or range, or HOST_IP:PORT[/PROTOCOL].'), undefined, true),
);

const tier = obj(
  {
    description: str('What the tier is for.'),
    networks: arr(str('A network of the compose project.'), 'Compose networks that make up the tier.', true),
    internal: bool("The tier's networks must be `internal: true` (no route to the outside)."),
    publish,
    reach: arr(str('A tier name.'), "Tiers whose services this tier's services may reach.", true),
    encrypted: bool('On a swarm: the tier\'s overlay networks must encrypt their traffic (`driver_opts: {encrypted: ""}`).'),
    attachable: bool("On a swarm: false forbids `attachable: true` on the tier's networks (standalone containers joining them)."),
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
    services: dict(
      oneOf(
        "A tier name, or the tier and what this service may publish (instead of its tier's).",
        str('A tier name.'),
        obj({ tier: str('A tier name.'), publish }, "The service's tier and its own publish policy.", { required: ['tier'], extensions: false }),
      ),
      'Which tier each service belongs to: service name or glob pattern → tier.',
    ),
    exceptions: arr(exception, 'Explicit exceptions, each with a reason.'),
  },
  'A Compose Mesh network contract.',
  { required: ['tiers'] },
);
