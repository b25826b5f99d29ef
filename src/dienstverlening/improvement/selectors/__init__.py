from .plans import implementation_actions as implementation_actions
from .plans import implementation_progress as implementation_progress
from .plans import plan_options as plan_options
from .plans import plan_years as plan_years
from .plans import team_plan_detail as team_plan_detail
from .plans import team_plans_overview as team_plans_overview
