# syntax=docker/dockerfile:1
#
# InfantMassageAudit: build with the .NET 10 SDK and Node.js, run on Debian with Chromium.
# Not exercised by CI on the development machines (they have no Docker engine).
#
#   docker build -t infant-massage-audit .
#   docker compose up --build        (with PostgreSQL; see docker-compose.yml)

# ---------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build

# The Web project's build runs `npm ci` to copy nhsuk-frontend and htmx into wwwroot/lib.
# The SDK image is Ubuntu 24.04, whose nodejs is older than nhsuk-frontend's declared
# engines; npm only warns, since the packages are copied, not built or run.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

ENV DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

WORKDIR /source

# Restore first, from the files that decide it, so this layer is reused until they change.
COPY InfantMassageAudit.sln global.json Directory.Build.props Directory.Packages.props ./
COPY src/InfantMassageAudit.Domain/InfantMassageAudit.Domain.csproj src/InfantMassageAudit.Domain/
COPY src/InfantMassageAudit.Web/InfantMassageAudit.Web.csproj src/InfantMassageAudit.Web/
COPY src/InfantMassageAudit.Web/package.json src/InfantMassageAudit.Web/package-lock.json src/InfantMassageAudit.Web/
RUN dotnet restore src/InfantMassageAudit.Web/InfantMassageAudit.Web.csproj
RUN cd src/InfantMassageAudit.Web && npm ci

# Then the sources (.dockerignore keeps out bin, obj, node_modules, wwwroot/lib, data).
COPY src/ src/
RUN dotnet publish src/InfantMassageAudit.Web/InfantMassageAudit.Web.csproj \
        -c Release -o /app -p:UseAppHost=false

# ---------------------------------------------------------------------------------------
# Runtime
# ---------------------------------------------------------------------------------------
# Microsoft publishes no Debian images for .NET 10 (mcr.microsoft.com/dotnet/aspnet:10.0 is
# Ubuntu 24.04), and Ubuntu's `chromium` package is only a stub that installs a snap, which
# does not work in a container. So the runtime is Debian 13 with its own `chromium`, and the
# ASP.NET Core runtime is copied from Microsoft's image (the same portable linux build).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet-runtime

FROM debian:trixie-slim AS runtime

ENV APP_UID=1654

# .NET's own dependencies (as in Microsoft's runtime-deps images), then Chromium for PDF
# reports, Liberation fonts (metric-compatible with Arial), Noto fonts so that notes in other
# scripts (Arabic, Devanagari, CJK) and emoji print as text rather than empty boxes (the same
# list as script/test and script/server), and curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates \
        libc6 \
        libgcc-s1 \
        libicu76 \
        libssl3t64 \
        libstdc++6 \
        tzdata \
        chromium \
        fonts-liberation \
        fonts-noto-core \
        fonts-noto-cjk \
        fonts-noto-color-emoji \
        curl \
    && rm -rf /var/lib/apt/lists/*

COPY --from=dotnet-runtime /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

RUN groupadd --gid=$APP_UID app \
    && useradd --no-log-init --uid=$APP_UID --gid=$APP_UID --create-home app

WORKDIR /app
# Application files belong to root and are read-only to the app user.
COPY --from=build /app ./

# A writable place for the app user: the SQLite default (data/, relative to the content root).
# The data-protection keys are in the database (docs/decisions/0015), so no key folder.
RUN mkdir -p /app/data && chown $APP_UID:$APP_UID /app/data

ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_NOLOGO=1 \
    Pdf__ChromiumPath=/usr/bin/chromium

USER $APP_UID
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1

ENTRYPOINT ["dotnet", "InfantMassageAudit.Web.dll"]
