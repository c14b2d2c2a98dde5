"""The web studio: a local ASGI app over `Studio` (the `studio` extra: FastAPI and uvicorn).

    storyreel studio out/garage            # http://127.0.0.1:PORT/ in a browser

`app.py` routes, `schemas.py` the JSON bodies, `views.py` what pages read, `jobs.py` the Studio
calls run off the event loop, `events.py` the server-sent events, `security.py` who may ask and
which files go out, `thumbs.py` the storyboard's small images, `uploads.py` new films,
`delivery.py` the zip, `server.py` uvicorn on a socket. Nothing here plans, renders or directs: that is `Studio`'s.
"""
