import type { Rule } from './rule';
import { loadingRules } from './loading';
import { rule as imageOrBuild } from './image-or-build';
import { rule as networkModeConflict } from './network-mode-conflict';
import { rule as networkModeService } from './network-mode-service';
import { rule as undefinedReference } from './undefined-reference';
import { rule as dependsOnUnknown } from './depends-on-unknown';
import { rule as dependencyCycle } from './dependency-cycle';
import { rule as healthcheckTest } from './healthcheck-test';
import { rule as containerNameScale } from './container-name-scale';
import { rule as scaleReplicas } from './scale-replicas';
import { rule as resourceMismatch } from './resource-mismatch';
import { rule as secretConfigSource } from './secret-config-source';
import { rule as externalAttributes } from './external-attributes';
import { rule as tmpfsVolumeTarget } from './tmpfs-volume-target';
import { rule as valueFormat } from './value-format';
import { rule as valueType } from './value-type';
import { rule as emptyValue } from './empty-value';
import { rule as healthyDependency } from './healthy-dependency';
import { rule as portClash } from './port-clash';
import { rule as duplicateContainerName } from './duplicate-container-name';
import { rule as missingPath } from './missing-path';
import { rule as obsoleteVersion } from './obsolete-version';
import { rule as imageUnpinned } from './image-unpinned';
import { rule as portAllInterfaces } from './port-all-interfaces';
import { rule as unquotedPort } from './unquoted-port';
import { rule as noHealthcheck } from './no-healthcheck';
import { rule as noRestartPolicy } from './no-restart-policy';
import { rule as privileged } from './privileged';
import { rule as dockerSocket } from './docker-socket';
import { rule as plaintextSecret } from './plaintext-secret';
import { rule as contractReference } from './contract-reference';
import { rule as contractUnusedTier } from './contract-unused-tier';
import { rule as contractUnassigned } from './contract-unassigned';
import { rule as contractMembership } from './contract-membership';
import { rule as contractBridge } from './contract-bridge';
import { rule as contractInternal } from './contract-internal';
import { rule as contractPublish } from './contract-publish';
import { rule as contractNetworkMode } from './contract-network-mode';
import { rule as contractAliasCollision } from './contract-alias-collision';
import { rule as contractForbiddenPath } from './contract-forbidden-path';
import { rule as unreachableReference } from './unreachable-reference';
import { rule as stackUnsupported } from './stack-unsupported';
import { rule as stackIgnored } from './stack-ignored';
import { rule as stackStartOrder } from './stack-start-order';
import { rule as stackBuildImage } from './stack-build-image';
import { rule as stackBindMount } from './stack-bind-mount';
import { rule as stackHostPortReplicas } from './stack-host-port-replicas';
import { rule as stackNetworkDriver } from './stack-network-driver';
import { rule as stackPlacement } from './stack-placement';
import { rule as contractEncrypted } from './contract-encrypted';
import { rule as contractAttachable } from './contract-attachable';

/** Every rule, in the order the README lists them. */
export const RULES: readonly Rule[] = [
  ...loadingRules,
  imageOrBuild,
  networkModeConflict,
  networkModeService,
  undefinedReference,
  dependsOnUnknown,
  dependencyCycle,
  healthcheckTest,
  containerNameScale,
  scaleReplicas,
  resourceMismatch,
  secretConfigSource,
  externalAttributes,
  tmpfsVolumeTarget,
  valueFormat,
  valueType,
  emptyValue,
  healthyDependency,
  portClash,
  duplicateContainerName,
  missingPath,
  obsoleteVersion,
  imageUnpinned,
  portAllInterfaces,
  unquotedPort,
  noHealthcheck,
  noRestartPolicy,
  privileged,
  dockerSocket,
  plaintextSecret,
  contractReference,
  contractUnusedTier,
  contractUnassigned,
  contractMembership,
  contractBridge,
  contractInternal,
  contractPublish,
  contractNetworkMode,
  contractAliasCollision,
  contractForbiddenPath,
  unreachableReference,
  stackUnsupported,
  stackIgnored,
  stackStartOrder,
  stackBuildImage,
  stackBindMount,
  stackHostPortReplicas,
  stackNetworkDriver,
  stackPlacement,
  contractEncrypted,
  contractAttachable,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
