# The same environment as `make`: Debian bookworm, Python 3.11, the Debian packages in apt.txt, the Python
# packages from requirements.lock (hash-checked). The default command renders every report:
#   docker build -t muni-it-workbench .
#   docker run --rm -v "$PWD/reports:/workbench/reports" muni-it-workbench        # = make reports
FROM python:3.11-slim-bookworm

ENV DEBIAN_FRONTEND=noninteractive \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /workbench

COPY apt.txt ./
RUN apt-get update \
 && grep -v '^[[:space:]]*#' apt.txt | xargs apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first (a layer that changes only with the lock), then the project itself.
COPY Makefile pyproject.toml requirements.lock README.md ./
COPY src ./src
RUN make venv PYTHON=python3.11

COPY . .

CMD ["make", "reports"]
