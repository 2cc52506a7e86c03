"""Turns facts gathered from the real server's seed files (a folder of JSON: classifications, test
definitions, test connections, apps, insight charts; with provenance) into ometa-server's seed tables
in crates/ometa-server/seed/ (create-request or entity shapes). Usage: make_seed_tables.py FACTS_DIR
(scripts/seed/facts holds the access facts; each table is made when its facts are there)."""
import json, pathlib
import sys
F = pathlib.Path(sys.argv[1]); OUT = pathlib.Path(__file__).resolve().parents[2] / 'crates/ometa-server/seed'
def pick(d, keys): return {k: d[k] for k in keys if k in d and d[k] is not None}
def fix(v):
    if isinstance(v, dict):
        return {k: ({'true': True, 'false': False}.get(x, x) if isinstance(x, str) else fix(x)) for k, x in v.items()}
    if isinstance(v, list):
        return [fix(x) for x in v]
    return v
def dump(name, data): data = fix(data); (OUT / name).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")

# Policies, roles, the Organization team and the bots (json/data/{policy,role,bot,botUser}).
# allowEdit is absent in the real seed (null); memory-bot and ontology-bot came after 2.0.
# Bot users are named, and mailed, in lower case at <name>@open-metadata.org (UserUtil.getUser,
# the default principalDomain).
if (F / 'access.json').exists():
    acc = json.load(open(F / 'access.json'))
    def bot(b):
        u = b['user']
        user = {'name': u['name'].lower(), 'email': f"{u['name'].lower()}@open-metadata.org", 'roles': u['roles']}
        return dict(pick(b, ['name', 'displayName', 'description', 'provider']), user=user)
    dump('access.json', {
        'policies': [pick(x, ['name', 'displayName', 'description', 'provider', 'allowDelete', 'rules']) for x in acc['policies']],
        'roles': [pick(x, ['name', 'displayName', 'description', 'provider', 'allowDelete', 'policies']) for x in acc['roles']],
        'teams': [pick(x, ['name', 'teamType', 'displayName', 'description', 'defaultRoles', 'policies']) for x in acc['teams']],
        'bots': [bot(b) for b in acc['bots'] if b['name'] not in ('memory-bot', 'ontology-bot')],
    })

# The other tables, when FACTS_DIR has their facts.
if (F / 'classifications.json').exists():
    cls = []
    for c in json.load(open(F / 'classifications.json')):
        if c['name'] == 'ContextCenter':
            continue
        out = pick(c, ['name', 'displayName', 'description', 'mutuallyExclusive', 'provider', 'autoClassificationConfig'])
        out['tags'] = [pick(t, ['name', 'displayName', 'description', 'style', 'provider', 'autoClassificationEnabled', 'autoClassificationPriority']) for t in c['tags']]
        cls.append(out)
    dump('classifications.json', cls)

    tds = []
    for t in json.load(open(F / 'test_definitions.json')):
        out = pick(t, ['name', 'displayName', 'description', 'entityType', 'testPlatforms', 'supportedDataTypes', 'dataQualityDimension', 'supportsRowLevelPassedFailed', 'supportsDynamicAssertion', 'provider', 'validatorClass', 'supportedServices'])
        if 'dataQualityDimension' not in out and t.get('inferredDataQualityDimension'):
            out['dataQualityDimension'] = t['inferredDataQualityDimension']
        out.setdefault('provider', 'system')
        out['parameterDefinition'] = [pick(p, ['name', 'displayName', 'dataType', 'description', 'required', 'optionValues', 'validationRule']) for p in t['parameterDefinition']]
        tds.append(out)
    dump('test_definitions.json', tds)

    tcs = []
    for d in json.load(open(F / 'test_connections.json'))['definitions']:
        out = pick(d, ['name', 'displayName'])
        out['steps'] = [pick(s, ['name', 'description', 'errorMessage', 'mandatory', 'shortCircuit', 'category']) for s in d['steps']]
        tcs.append(out)
    dump('test_connections.json', tcs)

    apps = json.load(open(F / 'apps.json'))
    market = [m for m in apps['marketplace'] if str(m.get('status2_0', '')).startswith('expected')]
    mkeys = ['name', 'displayName', 'description', 'features', 'developer', 'developerUrl', 'privacyPolicyUrl', 'supportEmail', 'className', 'sourcePythonClass', 'appType', 'scheduleType', 'permission', 'runtime', 'allowConfiguration', 'appConfiguration', 'appScreenshots', 'system', 'supportsInterrupt']
    installed = [pick(a, ['name', 'displayName', 'description', 'appConfiguration', 'appSchedule']) for a in apps['installed']]
    for a in installed:
        sched = a.get('appSchedule') or {}
        if 'scheduleType' in sched:  # the older key of the same schedule
            sched['scheduleTimeline'] = sched.pop('scheduleType')
    dump('apps.json', {'marketplace': [pick(m, mkeys) for m in market], 'installed': installed})

    charts = json.load(open(F / 'insight_charts.json'))
    dump('insight_charts.json', {
        'charts': [pick(c, ['name', 'displayName', 'description', 'dataIndexType', 'dimensions', 'metrics']) for c in charts['charts'] if c['name'] != 'AggregatedUnusedAssets'],
        'customCharts': [pick(c, ['name', 'displayName', 'description', 'chartType', 'chartDetails', 'isSystemChart']) for c in charts['customCharts']],
    })
print({p.name: p.stat().st_size for p in OUT.iterdir()})
