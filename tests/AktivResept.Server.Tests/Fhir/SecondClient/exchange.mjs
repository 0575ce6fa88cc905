// The PA IG referral exchange through fhir-kit-client, a FHIR client independent of the Firely SDK the other tests
// use. Started by SecondClientTests with: node exchange.mjs <fhir base> <bearer token> <referral.json> <national id>.
// It only talks to the server and prints what it saw as one JSON object; the test decides what is right.
import { readFileSync } from 'node:fs';
import { Client } from 'fhir-kit-client';

const [baseUrl, token, referralFile, nationalId] = process.argv.slice(2);
// A look-up by national id states its purpose (docs/fhir.md, "Purpose of use"), as a configured EHR sends it on every call.
const client = new Client({ baseUrl, bearerToken: token, customHeaders: { 'X-Purpose-Of-Use': 'ny-henvisning' } });
const identifier = `urn:oid:2.16.578.1.12.4.1.4.1|${nationalId}`;
const seen = {};

const http = (resource) => Client.httpFor(resource).response;
const etagOf = (resource) => http(resource)?.headers.get('etag') ?? null;
async function failure(call) {
  try {
    const resource = await call();
    return { status: http(resource)?.status ?? 200, codes: [] };
  } catch (error) {
    const data = typeof error.response?.data === 'string' ? JSON.parse(error.response.data) : error.response?.data;
    return {
      status: error.response?.status ?? -1,
      resourceType: data?.resourceType ?? null,
      codes: (data?.issue ?? []).flatMap((i) => (i.details?.coding ?? []).map((c) => c.code)),
    };
  }
}

// 1. Conditional create of the Patient: created once, found the second time.
const patientBody = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: nationalId }],
  name: [{ family: 'Deltaker', given: ['Kit'] }],
  // The home municipality, as the Norwegian base profile codes it (Oslo).
  address: [{
    extension: [{
      url: 'http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode',
      valueCoding: { system: 'urn:oid:2.16.578.1.12.4.1.1.3402', code: '0301' },
    }],
  }],
};
const ifNoneExist = { headers: { 'If-None-Exist': `identifier=${identifier}` } };
const created = await client.create({ resourceType: 'Patient', body: patientBody, options: ifNoneExist });
const again = await client.create({ resourceType: 'Patient', body: patientBody, options: ifNoneExist });
seen.patient = { id: created.id, status: http(created).status, againId: again.id, againStatus: http(again).status };

// 2. The IG's ExampleServiceRequest, about that Patient.
const referral = JSON.parse(readFileSync(referralFile, 'utf8'));
referral.subject = { reference: `Patient/${created.id}` };
const request = await client.create({ resourceType: 'ServiceRequest', body: referral });
seen.serviceRequest = {
  id: request.id,
  status: http(request).status,
  requestStatus: request.status,
  versionId: request.meta?.versionId ?? null,
  etag: etagOf(request),
  inferred: (request.contained ?? []).filter((r) => r.resourceType === 'OperationOutcome')
    .flatMap((o) => o.issue.map((i) => i.details?.coding?.[0]?.code)),
};

// 3. Searches by POST, so the national id is never in a URL.
const patients = await client.search({ resourceType: 'Patient', searchParams: { identifier }, options: { postSearch: true } });
const requests = await client.search({
  resourceType: 'ServiceRequest',
  searchParams: { subject: `Patient/${created.id}`, _revinclude: 'Task:focus' },
  options: { postSearch: true },
});
seen.search = {
  patientTotal: patients.total,
  patientIds: (patients.entry ?? []).map((e) => e.resource.id),
  requestTotal: requests.total,
  entries: (requests.entry ?? []).map((e) => `${e.search?.mode}:${e.resource.resourceType}/${e.resource.id}`),
};

// 4. The fulfilment Task, read, updated with If-Match (the referrer cancels), then updated again with the old version.
const task = await client.read({ resourceType: 'Task', id: request.id });
seen.task = { status: task.status, versionId: task.meta?.versionId ?? null, etag: etagOf(task), lastUpdated: task.meta?.lastUpdated ?? null };
const cancelled = { ...task, status: 'cancelled', statusReason: { text: 'Pasienten ønsker å vente' } };
const updated = await client.update({
  resourceType: 'Task', id: task.id, body: cancelled, options: { headers: { 'If-Match': `W/"${task.meta.versionId}"` } },
});
seen.update = { status: http(updated).status, taskStatus: updated.status, versionId: updated.meta?.versionId ?? null, etag: etagOf(updated) };
seen.stale = await failure(() => client.update({
  resourceType: 'Task', id: task.id, body: { ...cancelled, status: 'rejected' }, options: { headers: { 'If-Match': `W/"${task.meta.versionId}"` } },
}));

process.stdout.write(JSON.stringify(seen));
