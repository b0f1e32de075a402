# recruitbot in a container: a static binary with the default corpus
# embedded, running as a non-root user in an image with nothing else in it.
#
#   docker build -t recruitbot .
#   docker run --rm -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN -p 8080:8080 recruitbot
#
# Mount a corpus folder and pass --corpus to serve other roles; see
# deploy/kubernetes/recruitbot.yaml for one kept in a ConfigMap.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# -trimpath and the VCS stamp make `recruitbot version` say what was built.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/recruitbot . \
 && /out/recruitbot validate

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/recruitbot /usr/local/bin/recruitbot
USER 65532:65532
# /healthz, /readyz and /metrics; also the Slack Events API when
# SLACK_SIGNING_SECRET is set without SLACK_EVENTS_ADDR.
ENV RECRUITBOT_HTTP_ADDR=:8080
EXPOSE 8080
# The image has no shell or curl: the binary probes itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["/usr/local/bin/recruitbot", "healthcheck"]
# SIGTERM stops taking messages and waits for replies under way for the
# shutdown grace period (25 s by default), within docker stop's default 10 s
# only if you lower it: pass --stop-timeout 30 to docker run.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/recruitbot"]
CMD ["serve"]
