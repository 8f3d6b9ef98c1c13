package dev.palisade.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;


/** The tenant provisioning API, called as the operator (master's bootstrap admin client). */
public final class Tenants {

  private final PalisadeInstance server;

  public Tenants(PalisadeInstance server) {
    this.server = server;
  }

  /** A fresh tenant name nobody else in the test run uses. */
  public static String freshName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Provisions a tenant of {@code plan}; fails unless 201. */
  public TestRealm provision(String name, String plan) {
    Rest.Response response = post(request(name, plan), operatorToken());
    if (response.status() != 201) {
      throw new AssertionError("provisioning " + name + " answered " + response.status() + ": "
          + response.body());
    }
    return TestRealm.adopt(server, name);
  }

  /** A valid request body, to send as is or to break one field of. */
  public static Map<String, Object> request(String name, String plan) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("displayName", "Tenant " + name);
    body.put("plan", plan);
    body.put("owner", new LinkedHashMap<>(Map.of("email", "owner@" + name + ".test",
        "firstName", "Olive", "lastName", "Owner")));
    return body;
  }

  public Rest.Response post(Object body, String token) {
    return Rest.send("POST", url(""), token, "application/json", Rest.json(body));
  }

  public Rest.Response get(String path, String token) {
    return Rest.send("GET", url(path), token, null, null);
  }

  public Rest.Response delete(String path, String token) {
    return Rest.send("DELETE", url(path), token, null, null);
  }

  public String operatorToken() {
    return server.admin().tokenManager().getAccessTokenString();
  }

  private String url(String path) {
    return server.baseUrl() + "/admin/realms/master/tenants" + (path.isEmpty() ? "" : "/" + path);
  }
}
