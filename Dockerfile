# Relay: multi-stage build. The base images are build arguments so that the same file builds against
# the official .NET 10 images or against local stand-ins (see README, "Run in a container").
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${SDK_IMAGE} AS build
# Lets `podman image prune --filter label=relay-stage=build` remove what this stage leaves behind.
LABEL relay-stage=build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet restore src/Relay/Relay.csproj --locked-mode
COPY appsettings.json ./
RUN dotnet publish src/Relay/Relay.csproj -c Release -r linux-x64 --self-contained true --no-restore -o /app
# Ports 53, 465 and 587 as uid 10025 with no sysctl (podman, unlike docker, keeps ip_unprivileged_port_start=1024):
# the file capability travels with the binary through COPY --from.
RUN command -v setcap >/dev/null || { apt-get update && apt-get install -y --no-install-recommends libcap2-bin; } \
 && setcap cap_net_bind_service=+ep /app/relay

FROM ${RUNTIME_IMAGE}
ARG RELAY_UID=10025
RUN groupadd --system --gid ${RELAY_UID} relay \
 && useradd --system --uid ${RELAY_UID} --gid relay --home-dir /data --no-create-home --shell /usr/sbin/nologin relay \
 && install -d -m 0700 -o relay -g relay /data
COPY --from=build /app /app
# DOTNET_EnableDiagnostics=0: the runtime would otherwise create its debugger pipes and diagnostic socket in /tmp,
# the only writes outside /data (the container test checks `podman diff`); it also closes that attach surface.
ENV Relay__DataDirectory=/data \
    Relay__Listeners__Submission=0.0.0.0:587 \
    Relay__Listeners__ImplicitTls=0.0.0.0:465 \
    Relay__KeyZone__Listen=0.0.0.0:53 \
    Relay__Api__Endpoint=0.0.0.0:8025 \
    DOTNET_gcServer=0 \
    DOTNET_EnableDiagnostics=0
VOLUME /data
EXPOSE 587 465 53/udp 53/tcp 8025
USER relay
WORKDIR /data
HEALTHCHECK --interval=15s --timeout=12s --start-period=20s --retries=3 CMD ["/app/relay", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/relay"]
CMD ["run"]
