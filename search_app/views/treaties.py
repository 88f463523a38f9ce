"""Treaty finder pages and API (being built: see issue 6)."""

from flask import Blueprint

bp = Blueprint("treaties", __name__, url_prefix="/treaties")
api_bp = Blueprint("treaties_api", __name__, url_prefix="/api/treaties")
