#!/usr/bin/env python3
"""Validates scenario files against the JSON Schema `mspsim schema` prints
(docs/scenario-format.md, "Editor support"), as an editor's YAML language server
would, with Python's jsonschema and PyYAML.

    mspsim schema > mspsim.schema.json
    python3 scripts/check-schema.py mspsim.schema.json Scenarios/*.yaml

Prints one line per file, `FILE: ok` or `FILE: invalid: KEY PATH: MESSAGE` for each
problem found. Exit 0 when every file is valid, 1 when one is not, 3 when jsonschema
or PyYAML is missing (pip install jsonschema pyyaml), 2 for a wrong command line.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print(f"check-schema: {e} (pip install jsonschema pyyaml)", file=sys.stderr)
    sys.exit(3)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failed = False
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = yaml.safe_load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        if not errors:
            print(f"{path}: ok")
            continue
        failed = True
        for e in errors:
            where = ".".join(str(p) for p in e.absolute_path) or "(top level)"
            print(f"{path}: invalid: {where}: {' '.join(e.message.split())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
