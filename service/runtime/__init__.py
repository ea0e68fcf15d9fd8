"""What a process checks with: the engine, its hot-reloaded rules and the model, and the
verdict's JSON.

`runtime.py` starts and reloads them, `rules_snapshot.py` keeps the last good rule set in
the instance folder, `verdict_json.py` renders a verdict as the API's JSON. The web layer,
scans and the `darnel check` command all check through here.
"""
