"""Who may see or change which part of the improvement cycle, built on ``core.access``.

Teammanagers change their own team's tracks, plans and signals; the coördinator owns the alert
rules, the journey method and the implementation plan; everyone signed in reads finished tracks
and team plans.
"""
