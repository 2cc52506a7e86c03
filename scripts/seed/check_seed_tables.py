"""Checks every seed table entry of ometa-server against the official Python models (run with .venv)."""
import importlib, json, pathlib, uuid
S = pathlib.Path(__file__).resolve().parents[2] / 'crates/ometa-server/seed'
def cls(path):
    m, c = path.rsplit('.', 1); return getattr(importlib.import_module('metadata.generated.schema.' + m), c)
def ent(d, fqn=None):
    d = dict(d); d.setdefault('id', str(uuid.uuid4())); d.setdefault('fullyQualifiedName', fqn or d['name']); return d
checks = []
for t in json.load(open(S/'test_definitions.json')): checks.append(('tests.testDefinition.TestDefinition', ent(t)))
for t in json.load(open(S/'test_connections.json')): checks.append(('entity.services.connections.testConnectionDefinition.TestConnectionDefinition', ent(t)))
a = json.load(open(S/'apps.json'))
for m in a['marketplace']: checks.append(('entity.applications.marketplace.appMarketPlaceDefinition.AppMarketPlaceDefinition', ent(m)))
for i in a['installed']:
    m = next(x for x in a['marketplace'] if x['name'] == i['name']); d = dict(m); d.update(i); checks.append(('entity.applications.app.App', ent(d)))
c = json.load(open(S/'insight_charts.json'))
for x in c['charts']: checks.append(('dataInsight.dataInsightChart.DataInsightChart', ent(x)))
for x in c['customCharts']: checks.append(('dataInsight.custom.dataInsightCustomChart.Chart', ent(x)))
for x in json.load(open(S/'classifications.json')):
    b = {k: v for k, v in x.items() if k != 'tags'}; checks.append(('api.classification.createClassification.CreateClassificationRequest', b))
    for t in x['tags']: checks.append(('api.classification.createTag.CreateTagRequest', dict(t, classification=x['name'])))
acc = json.load(open(S/'access.json'))
for x in acc['policies']: checks.append(('entity.policies.policy.Policy', ent(x)))
for x in acc['roles']:
    checks.append(('entity.teams.role.Role', ent(x) | {'policies': [{'id': str(uuid.uuid4()), 'type': 'policy', 'name': p} for p in x['policies']]}))
for x in acc['bots']:
    checks.append(('api.createBot.CreateBot', {k: v for k, v in x.items() if k != 'user'} | {'botUser': x['user']['name']}))
    checks.append(('api.teams.createUser.CreateUserRequest', {k: v for k, v in x['user'].items() if k != 'roles'} | {'isBot': True}))
bad = 0
for path, body in checks:
    try: cls(path).model_validate(body)
    except Exception as e:
        bad += 1; print(path.rsplit('.',1)[1], body.get('name'), str(e).replace('\n', ' | ')[:400])
print(len(checks), 'checked,', bad, 'bad')
