# Local stand-in for quay.io/keycloak/keycloak, built by build-local-base.sh from Debian
# packages and the Keycloak distribution zip published on Maven Central.
ARG JAVA_BASE
FROM ${JAVA_BASE}
# Same layout and ownership as the official image: /opt/keycloak, uid 1000, group 0.
COPY --chown=1000:0 keycloak /opt/keycloak
# Without this, dev mode listens only on the container's own loopback.
ENV KC_RUN_IN_CONTAINER=true LANG=C.UTF-8
USER 1000
WORKDIR /opt/keycloak
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
