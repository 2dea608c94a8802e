# contactd in a container: a jlink'd Java runtime on a slim Debian, the runnable jar, a non-root user.
#
#   mvn -B -Dmaven.test.skip=true package     # or ./contactd version: builds target/contactd.jar
#   docker build -t contactd .
#   docker run --rm -p 8080:8080 -v contactd-data:/data contactd
#
# Every option is an environment variable (CONTACTD_PORT, CONTACTD_DB_URL, CONTACTD_API_KEY, …; see
# the README). Where no registry is reachable, docker/smoke.sh builds both images below locally and
# passes them in as JDK_IMAGE and BASE_IMAGE.
ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${JDK_IMAGE} AS runtime
# The modules contactd uses (jdeps --print-module-deps on the jar), and nothing else: ~70 MB
# instead of a full JDK.
RUN jlink --add-modules java.base,java.desktop,java.instrument,java.management,java.naming,java.rmi,java.security.jgss,java.security.sasl,java.sql,jdk.jfr,jdk.unsupported \
      --strip-java-debug-attributes --compress=zip-6 --no-man-pages --no-header-files --output /opt/java

FROM ${BASE_IMAGE}
COPY --from=runtime /opt/java /opt/java
RUN groupadd --system --gid 10001 contactd \
 && useradd --system --uid 10001 --gid contactd --home-dir /data --shell /usr/sbin/nologin contactd \
 && mkdir -p /data /opt/contactd \
 && chown contactd:contactd /data
COPY target/contactd.jar /opt/contactd/contactd.jar
ENV PATH=/opt/java/bin:$PATH \
    CONTACTD_HOST=0.0.0.0 \
    CONTACTD_PORT=8080 \
    CONTACTD_DATA_DIR=/data \
    CONTACTD_LOG_FORMAT=text
USER contactd
WORKDIR /data
VOLUME /data
EXPOSE 8080
# No curl in the image: the JVM's own HTTP client would cost a second JVM per check, so bash's
# /dev/tcp asks /healthz instead.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${CONTACTD_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-jar", "/opt/contactd/contactd.jar"]
CMD ["serve"]
