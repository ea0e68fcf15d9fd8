"""Measure the released model as users get it, through the real Engine.

`evaluate` is `darnel evaluate`: it leads with `crosssource` (spam from sources the model
never trained on, and leave-one-source-out), runs held-out documents through the Engine
(`engine_eval`), adds the UCI SMS benchmark (`sms_eval`) and per-segment language
detection (`langeval`), and writes the report (`report`). `html_eval` is
`darnel evaluate-html`: format html on real pages, with `html_folds` training the models
of its leave-sites-out run.
"""
