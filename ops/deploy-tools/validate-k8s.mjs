// Validates every object of a kustomize build against the Kubernetes API schemas (kubernetes-models):
// types, required fields, enums. Usage: node validate-k8s.mjs BUILT.yaml, from a copy beside the
// node_modules that ops/check-deploy installs (.tools/deploy-tools): the packages export ES modules only,
// which resolve from the importing file's folder. Prints one line per problem; exit 1 on any.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [built] = process.argv.slice(2);
const load = (name) => import(name);

let problems = 0;
for (const document of parseAllDocuments(readFileSync(built, 'utf8'))) {
  const object = document.toJS();
  const where = `${object.kind}/${object.metadata?.name}`;
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  let model;
  try {
    model = (await load(`kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`))[object.kind];
  } catch {
    console.log(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
    problems++;
    continue;
  }
  try {
    new model(object).validate();
  } catch (error) {
    console.log(`${where}: ${error.message}`);
    problems++;
  }
}
process.exit(problems ? 1 : 0);
