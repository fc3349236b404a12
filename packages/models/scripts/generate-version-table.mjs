#!/usr/bin/env node
/**
 * Generates packages/models/src/versions/versionTable.generated.ts: which properties, enum values
 * and action parameters exist in Graph beta and v1.0, from the schema extracted from Microsoft's
 * Graph docs (../shared/reference/graph-call-schema.json) plus the curated facts below (types
 * and parameters the schema's 2021 snapshot lacks, read from the newer resource pages).
 *
 *   node packages/models/scripts/generate-version-table.mjs [--schema PATH] [--check]
 *
 * `--check` exits 1 when the committed file differs from what the schema gives (a test runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const schemaPath = args.includes('--schema')
  ? resolve(args[args.indexOf('--schema') + 1])
  : resolve(here, '../../../../shared/reference/graph-call-schema.json');
const outPath = resolve(here, '../src/versions/versionTable.generated.ts');
const VERSIONS = ['beta', 'v1.0'];

/** Action pages → the models' body codec names (actions/*Bodies.ts). */
const BODY_OF_PAGE = {
  'call-answer': 'answerRequest',
  'call-reject': 'rejectRequest',
  'call-redirect': 'redirectRequest',
  'call-transfer': 'transferRequest',
  'call-playprompt': 'playPromptRequest',
  'call-record': 'recordResponseRequest',
  'call-subscribetotone': 'subscribeToToneRequest',
  'call-senddtmftones': 'sendDtmfTonesRequest',
  'call-cancelmediaprocessing': 'cancelMediaProcessingRequest',
  'call-mute': 'muteRequest',
  'call-unmute': 'unmuteRequest',
  'call-changescreensharingrole': 'changeScreenSharingRoleRequest',
  'call-updaterecordingstatus': 'updateRecordingStatusRequest',
  'call-logteleconferencedevicequality': 'logTeleconferenceDeviceQualityRequest',
  'participant-invite': 'inviteParticipantsRequest',
  'participant-mute': 'muteParticipantRequest',
  'participant-muteall': 'muteAllParticipantsRequest',
  'participant-startholdmusic': 'startHoldMusicRequest',
  'participant-configuremixer': 'configureMixerRequest',
};

/** Parameters the enums table names: a body property typed String whose values are an enum's. */
const ENUM_OF_PARAMETER = {
  'rejectRequest.reason': 'rejectReason',
  'updateRecordingStatusRequest.status': 'recordingStatus',
  'changeScreenSharingRoleRequest.role': 'screenSharingRole',
  'redirectRequest.targetDisposition': 'redirectTargetDisposition (deprecated)',
  'audioRoutingGroup.routingMode': 'routingMode',
  'commsOperation.status': 'operationStatus',
  'answerRequest.acceptedModalities': 'modality',
};

/**
 * Facts the schema's snapshot lacks, from the newer resource and action pages of
 * microsoftgraph/microsoft-graph-docs-contrib. `both` applies to beta and v1.0.
 */
const CURATED = {
  both: {
    types: {
      // Open in Graph's metadata: identities of kinds the tables do not list (phone, guest, …) are expected.
      identity: { open: true, props: {} },
      identitySet: { open: true, props: {} },
      serviceHostedMediaConfig: { base: 'mediaConfig', props: {} },
      contentSharingSession: { props: { id: { type: 'String', readOnly: true } } },
      teleconferenceDeviceQuality: {
        props: {
          callChainId: { type: 'Guid' },
          cloudServiceDeploymentEnvironment: { type: 'String' },
          cloudServiceDeploymentId: { type: 'String' },
          cloudServiceInstanceName: { type: 'String' },
          cloudServiceName: { type: 'String' },
          deviceDescription: { type: 'String' },
          deviceName: { type: 'String' },
          mediaLegId: { type: 'Guid' },
          mediaQualityList: { type: 'teleconferenceDeviceMediaQuality', collection: true },
          participantId: { type: 'Guid' },
        },
      },
      participantCollection: { props: { value: { type: 'participant', collection: true } } },
      // Request bodies the schema's action tables do not list (or list only in part).
      callRequest: { base: 'call', props: {} },
      transferRequest: { props: { transferee: { type: 'participantInfo' }, clientContext: { type: 'String' } } },
      redirectRequest: { props: { clientContext: { type: 'String' } } },
      answerRequest: { props: { clientContext: { type: 'String' } } },
      rejectRequest: { props: { clientContext: { type: 'String' } } },
      addLargeGalleryViewRequest: { props: { clientContext: { type: 'String' } } },
      stopHoldMusicRequest: { props: { clientContext: { type: 'String' } } },
      createAudioRoutingGroupRequest: { base: 'audioRoutingGroup', props: {} },
    },
    required: { appHostedMediaConfig: ['blob'] },
  },
  beta: {
    types: {
      sendDtmfTonesRequest: {
        props: { tones: { type: 'tone', collection: true }, delayBetweenTonesMs: { type: 'Int32' }, clientContext: { type: 'String' } },
      },
      startHoldMusicRequest: { props: { customPrompt: { type: 'mediaPrompt' }, clientContext: { type: 'String' } } },
      audioDuckingConfiguration: {
        props: {
          lowerLevel: { type: 'Int64' },
          rampActive: { type: 'Int64' },
          rampInactive: { type: 'Int64' },
          upperLevel: { type: 'Int64' },
        },
      },
      audioSourceLevel: { props: { participant: { type: 'String' }, level: { type: 'Int64' } } },
      muteParticipantsOperation: { base: 'commsOperation', props: { participants: { type: 'String', collection: true } } },
      // Newer beta pages: a call's content-sharing sessions and operations are relationships.
      call: {
        props: {
          contentSharingSessions: { type: 'contentSharingSession', collection: true },
          operations: { type: 'commsOperation', collection: true },
          participants: { type: 'participant', collection: true },
          audioRoutingGroups: { type: 'audioRoutingGroup', collection: true },
          myParticipantId: { type: 'String', readOnly: true },
        },
      },
    },
  },
  'v1.0': {
    types: {
      // Newer v1.0 pages (contrib): invitation parameters and participant ids came to v1.0 in 2022.
      invitationParticipantInfo: {
        props: { hidden: { type: 'Boolean' }, participantId: { type: 'String' }, removeFromDefaultAudioRoutingGroup: { type: 'Boolean' } },
      },
      participantInfo: { props: { participantId: { type: 'String' } } },
      // The 2021 table omits it; v1.0 group-call examples send it and Graph accepts it.
      mediaConfig: { props: { removeFromDefaultAudioGroup: { type: 'Boolean' } } },
      call: {
        props: {
          callOptions: { type: 'outgoingCallOptions' },
          contentSharingSessions: { type: 'contentSharingSession', collection: true },
          operations: { type: 'commsOperation', collection: true },
          participants: { type: 'participant', collection: true },
          audioRoutingGroups: { type: 'audioRoutingGroup', collection: true },
          myParticipantId: { type: 'String', readOnly: true },
        },
      },
      audioRoutingGroup: {
        props: {
          id: { type: 'String', readOnly: true },
          receivers: { type: 'String', collection: true },
          routingMode: { type: 'routingMode' },
          sources: { type: 'String', collection: true },
        },
      },
      addLargeGalleryViewOperation: { base: 'commsOperation', props: {} },
      startHoldMusicOperation: { base: 'commsOperation', props: {} },
      stopHoldMusicOperation: { base: 'commsOperation', props: {} },
      sendDtmfTonesOperation: { base: 'commsOperation', props: { completionReason: { type: 'sendDtmfCompletionReason' } } },
      stopHoldMusicRequest: { props: { clientContext: { type: 'String' } } },
    },
  },
};

const PRIMITIVES = new Set(['String', 'Boolean', 'Int32', 'Int64', 'Int', 'Double', 'DateTime', 'DateTimeOffset', 'Guid', 'Duration']);

/** `microsoft.graph.MediaPrompt` → `mediaPrompt`; primitives keep their Edm spelling. */
function typeName(raw) {
  const name = raw.trim().replace(/^#?microsoft\.graph\./i, '');
  if (PRIMITIVES.has(name)) return name;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function property(spec, enums, enumName) {
  const types = String(spec.type)
    .split('|')
    .map((s) => typeName(s))
    .filter((s) => s !== '');
  const fromEnum = enums[enumName ?? types[0]]?.values;
  const values = fromEnum ?? spec.values;
  return {
    types,
    ...(spec.collection ? { collection: true } : {}),
    ...(values ? { values: [...values] } : {}),
    ...(spec.readOnly ? { readOnly: true } : {}),
  };
}

function build(schema) {
  const enums = { ...schema.enums, sendDtmfCompletionReason: { values: ['unknown', 'completedSuccessfully', 'mediaOperationCanceled'] } };
  const table = {};
  for (const version of VERSIONS) {
    const types = {};
    const add = (name, spec) => {
      const entry = (types[name] ??= { props: {} });
      if (spec.base) entry.base = typeName(spec.base);
      if (spec.inheritsFrom) entry.base = typeName(spec.inheritsFrom);
      if (spec.openType || spec.open) entry.open = true;
      if (spec.abstract) entry.abstract = true;
      for (const [prop, p] of Object.entries({ ...(spec.properties ?? {}), ...(spec.relationships ?? {}), ...(spec.props ?? {}) }))
        entry.props[prop] = property(p, enums, ENUM_OF_PARAMETER[`${name}.${prop}`]);
    };
    for (const [name, spec] of Object.entries(schema[version])) add(name, { ...spec, base: spec.baseType ?? spec.inheritsFrom });
    for (const [page, action] of Object.entries(schema.actions[version])) {
      const body = BODY_OF_PAGE[page];
      if (body !== undefined && action.bodyParameters !== undefined) add(body, { properties: action.bodyParameters });
    }
    for (const [name, spec] of Object.entries({ ...CURATED.both.types, ...{} })) add(name, spec);
    for (const [name, spec] of Object.entries(CURATED[version].types)) add(name, spec);
    for (const [name, props] of Object.entries(CURATED.both.required)) if (types[name]) types[name].required = props;
    // The operations every version has: subtypes of commsOperation without a table of their own.
    for (const name of ['subscribeToToneOperation', 'cancelMediaProcessingOperation', 'updateRecordingStatusOperation'])
      if (types[name]) types[name].base ??= 'commsOperation';
    table[version] = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
  }
  const enumTable = Object.fromEntries(
    Object.entries(enums)
      .map(([name, e]) => [name.replace(/\s*\(.*\)$/, '').replace(/\s.*$/, ''), [...e.values]])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { table, enums: enumTable, source: schema._meta.primarySnapshot };
}

function render({ table, enums, source }) {
  const json = (v) => JSON.stringify(v, null, 2);
  return `// Generated by packages/models/scripts/generate-version-table.mjs from graph-call-schema.json
// (${source.repo} at ${source.commit.slice(0, 12)}, ${source.date}) and the curated facts in that script.
// Do not edit: run \`node packages/models/scripts/generate-version-table.mjs\`.
import type { VersionTable } from './VersionTable';

/** Which properties (with their types and enum values) each Graph type has in beta and in v1.0. */
export const VERSION_TABLE: VersionTable = ${json({ beta: table.beta, 'v1.0': table['v1.0'] })};

/** Graph's enums, by name: the values the docs write (case matters). */
export const GRAPH_ENUMS: Readonly<Record<string, readonly string[]>> = ${json(enums)};
`;
}

let schema;
try {
  schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
} catch (error) {
  console.error(`generate-version-table: cannot read the schema at ${schemaPath}: ${error.message}`);
  process.exit(2);
}
const text = render(build(schema));
if (args.includes('--check')) {
  const committed = readFileSync(outPath, 'utf8');
  if (committed !== text) {
    console.error(`generate-version-table: ${outPath} is stale; regenerate it`);
    process.exit(1);
  }
  console.log('generate-version-table: up to date');
} else {
  writeFileSync(outPath, text);
  console.log(`generate-version-table: wrote ${outPath}`);
}
