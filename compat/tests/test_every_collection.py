"""Every collection of the route table round-trips through the official Python SDK: create
(its minimal create request from `compat/fixtures/collections.json`, parents made first), get
by id and by name, list, patch the description, versions, soft delete, restore, hard delete.
Names are generated with dots and spaces where the kind allows them."""

from __future__ import annotations

import importlib
import json
import pathlib
import re
import uuid

from metadata.ingestion.ometa.utils import model_str

FIXTURE = json.loads((pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "collections.json").read_text())


def load(path: str):
    module, cls = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), cls)


def fill(value, names: dict, made: dict):
    """Replaces the fixture's placeholders: ${name} forms, ${key} (FQN) and ${key.id}."""
    if isinstance(value, dict):
        return {k: fill(v, names, made) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, names, made) for v in value]
    if not isinstance(value, str):
        return value

    def one(m):
        key = m.group(1)
        if key in names:
            return names[key]
        if key.endswith(".id"):
            return model_str(made[key[:-3]].id)
        if key.endswith(".name"):
            return model_str(made[key[:-5]].name)
        return model_str(made[key].fullyQualifiedName)

    return re.sub(r"\$\{([^}]+)\}", one, value)


def fresh_names(i: int) -> dict:
    tag = uuid.uuid4().hex[:8]
    return {
        "name": f"rt {tag}.v{i}",
        "nameAlnum": f"rt{tag}{i}",
        "nameWord": f"rt_{tag}_{i}",
    }


def create(metadata, request, entry, cls):
    """`create_or_update`; for the create classes whose entity class the official SDK cannot
    derive from the class name (data insight charts, KPIs, marketplace, types), the SDK's REST
    client with the same body."""
    try:
        return metadata.create_or_update(request)
    except ModuleNotFoundError:
        answer = metadata.client.put(f"/{entry['collection']}", data=request.model_dump_json(exclude_none=True, by_alias=True))
        return cls.model_validate(answer)


def rest_round_trip(metadata, entry, entity):
    """The same steps through the official SDK's REST client, for `metadata/types`: the SDK's
    entity methods know no URL for `Type`."""
    base = f"/{entry['collection']}"
    entity_id = model_str(entity.id)
    assert metadata.client.get(f"{base}/{entity_id}")["id"] == entity_id
    assert metadata.client.get(f"{base}/name/{model_str(entity.fullyQualifiedName)}")["id"] == entity_id
    listed = metadata.client.get(base, data={"limit": 1000})["data"]
    assert entity_id in [e["id"] for e in listed], "listed"
    patched = metadata.client.patch(
        f"{base}/{entity_id}", data='[{"op": "add", "path": "/description", "value": "Round trip."}]'
    )
    assert patched["description"] == "Round trip."
    assert len(metadata.client.get(f"{base}/{entity_id}/versions")["versions"]) >= 2


def test_every_collection_round_trips(metadata):
    made: dict = {}
    failures: list[str] = []
    covered = []
    for i, entry in enumerate(FIXTURE["entries"]):
        if entry.get("skip"):
            continue
        key = entry.get("key", entry["type"])
        cls = load(entry["entityClass"])
        try:
            if entry.get("create") is not None:
                request = load(entry["createClass"]).model_validate(fill(entry["create"], fresh_names(i), made))
                entity = create(metadata, request, entry, cls)
            else:
                entity = metadata.get_by_name(entity=cls, fqn=entry["seeded"])
            assert entity is not None, "created or seeded"
            made[key] = entity
            fqn = model_str(entity.fullyQualifiedName)
            if entry["collection"] == "metadata/types":
                rest_round_trip(metadata, entry, entity)
                covered.append(entry["collection"])
                continue
            by_id = metadata.get_by_id(entity=cls, entity_id=entity.id)
            by_name = metadata.get_by_name(entity=cls, fqn=fqn)
            assert by_id is not None and by_id.id == entity.id, "get by id"
            assert by_name is not None and by_name.id == entity.id, f"get by name {fqn}"
            listed = metadata.list_all_entities(entity=cls, limit=100)
            assert entity.id in [e.id for e in listed], "listed"
            text = f"Round trip of {entry['collection']}."
            patched = metadata.patch_description(entity=cls, source=by_id, description=text, force=True)
            assert patched is not None, "patch_description answered the entity"
            assert model_str(patched.description) == text
            versions = metadata.get_list_entity_versions(entity_id=entity.id, entity=cls)
            assert len(versions.versions) >= 2, "the patch is a version"
            if entry.get("softDelete", True) and entry.get("create") is not None:
                metadata.delete(entity=cls, entity_id=entity.id)
                assert metadata.get_by_id(entity=cls, entity_id=entity.id) is None, "soft-deleted"
                back = metadata.restore(entity=cls, entity_id=entity.id)
                assert back is not None and back.deleted is False, "restored"
                assert metadata.get_by_id(entity=cls, entity_id=entity.id) is not None
            covered.append(entry["collection"])
        except Exception as err:  # every collection is tried; all failures are reported
            failures.append(f"{entry['collection']}: {type(err).__name__}: {err}")
    for key, entity in reversed(list(made.items())):
        entry = next(e for e in FIXTURE["entries"] if e.get("key", e["type"]) == key)
        if entry.get("create") is None:
            continue
        cls = load(entry["entityClass"])
        try:
            if entry["collection"] == "metadata/types":
                metadata.client.delete(f"/metadata/types/{model_str(entity.id)}?hardDelete=true")
                continue
            metadata.delete(entity=cls, entity_id=entity.id, recursive=True, hard_delete=True)
            gone = metadata.get_by_name(entity=cls, fqn=model_str(entity.fullyQualifiedName), include="all")
            assert gone is None, "hard-deleted"
        except Exception as err:
            failures.append(f"{entry['collection']} hard delete: {type(err).__name__}: {err}")
    assert not failures, "\n".join(failures)
    skipped = [e["collection"] for e in FIXTURE["entries"] if e.get("skip")]
    assert len(set(covered)) + len(skipped) == 61, (covered, skipped)
