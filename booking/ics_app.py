"""The calendar-file endpoint: GET /ics/<code>?t=<token> returns the booking's .ics file.

Why its own tiny app: the link is for families, so it is not served by the staff console
(which only reads the booking store). `make run` and `make run-prod` start it with
`start_calendar` (scripts/services.sh: `uvicorn booking.ics_app:app` on $CALENDAR_PORT, no
access log, since the query string is the link's secret); in the production profile nginx
passes /ics/ to it. A wrong code or token gets the same plain 404, so the endpoint cannot be
used to find out which codes exist.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import PlainTextResponse, Response

from booking.ics import ics_for_link

router = APIRouter()
NOT_FOUND = "This calendar link is not valid. Please ask the chat for your booking again."


@router.get("/ics/{code}")
def download_ics(code: str, t: str = Query("", max_length=100)) -> Response:
    try:
        data = ics_for_link(code[:12], t)
    except LookupError:
        return PlainTextResponse(NOT_FOUND, status_code=404)
    return Response(
        content=data,
        media_type="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="appointment.ics"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


app = FastAPI(title="Family Guide calendar files", docs_url=None, redoc_url=None,
              openapi_url=None)
app.include_router(router)


@app.get("/healthz")
def healthz() -> Response:
    """For the start scripts' wait: answers once the service is up (touches no booking)."""
    return PlainTextResponse("ok")
