import json


def emit(bench: str, metric: str, value: float, unit: str, **extra) -> None:
    print(json.dumps({"bench": bench, "metric": metric, "value": round(value, 4), "unit": unit, **extra}), flush=True)
