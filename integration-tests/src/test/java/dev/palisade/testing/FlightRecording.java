package dev.palisade.testing;

import org.testcontainers.containers.GenericContainer;

/**
 * A Java Flight Recording of the server in a benchmark's container, when the system property
 * {@code palisade.benchmark.jfr} names a host file for it.
 */
public final class FlightRecording {

  private static final String TARGET = System.getProperty("palisade.benchmark.jfr");
  private static final String IN_CONTAINER = "/tmp/palisade.jfr";

  private FlightRecording() {
  }

  /** Before the container starts: record from the server's start to its stop. */
  public static <T extends GenericContainer<?>> T attach(T container) {
    if (TARGET != null) {
      container.withEnv("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=settings=profile,"
          + "dumponexit=true,filename=" + IN_CONTAINER);
    }
    return container;
  }

  /** At the end: a graceful stop lets the JVM write the recording; the stopped container keeps it. */
  public static void collect(GenericContainer<?> container) {
    if (TARGET != null) {
      container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
      container.copyFileFromContainer(IN_CONTAINER, TARGET);
    }
  }
}
