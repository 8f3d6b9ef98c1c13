package dev.palisade.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The throwaway PostgreSQL cluster that {@code docker/test-postgres.sh} started for this run
 * (Maven's pre-integration-test phase), with the role Keycloak uses and a superuser.
 */
public final class TestDatabase {

  private final Properties properties;

  private TestDatabase(Properties properties) {
    this.properties = properties;
  }

  public static TestDatabase load() {
    Path file = Path.of(TestSettings.required("palisade.test.postgres"));
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: the test PostgreSQL was not started"
          + " (docker/test-postgres.sh start, run by ./mvnw verify)");
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    return new TestDatabase(properties);
  }

  /**
   * A new, empty database on the same server, owned by the role Keycloak uses: for servers that
   * must not share their tables with the run's other servers.
   */
  public TestDatabase newDatabase(String prefix) {
    String name = prefix + "_" + Long.toHexString(System.nanoTime());
    try (Connection connection = connectAsSuperuser();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + username());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    Properties copy = new Properties();
    copy.putAll(properties);
    copy.setProperty("database", name);
    return new TestDatabase(copy);
  }

  /** JDBC URL as a container sees the database (through host.docker.internal). */
  public String urlFromContainer() {
    return url(properties.getProperty("containerHost"));
  }

  public String username() {
    return properties.getProperty("username");
  }

  public String password() {
    return properties.getProperty("password");
  }

  /** Connected as the role Keycloak uses. */
  public Connection connectAsKeycloak() throws SQLException {
    return DriverManager.getConnection(url(properties.getProperty("host")), username(), password());
  }

  /** Connected as the cluster's superuser: an attacker who owns the database server. */
  public Connection connectAsSuperuser() throws SQLException {
    return DriverManager.getConnection(url(properties.getProperty("host")),
        properties.getProperty("superuser"), properties.getProperty("superuserPassword"));
  }

  private String url(String host) {
    return "jdbc:postgresql://" + host + ":" + properties.getProperty("port") + "/"
        + properties.getProperty("database");
  }
}
