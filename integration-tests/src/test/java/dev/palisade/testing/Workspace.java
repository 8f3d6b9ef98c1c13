package dev.palisade.testing;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * A tenant provisioned through the tenants API (plan "teams") and staffed for admin-API tests:
 * a public client for sign-ins, an Owner and an Admin who sign in through the real login pages
 * (password and authenticator app), and raw calls to the tenant's admin REST API with any token,
 * so that a test sees statuses and bodies exactly as the server sent them.
 */
public final class Workspace implements AutoCloseable {

  public static final String PASSWORD = "correct-horse-battery-staple";
  /** The public client (code flow, PKCE) every sign-in of a workspace goes through. */
  public static final String APP = "app";
  public static final String OWNER = "olga";
  public static final String ADMIN = "adam";

  private final PalisadeInstance server;
  private final TestRealm tenant;
  private final TestRealm.TotpUser owner;
  private final TestRealm.TotpUser admin;
  private String ownerToken;
  private String adminToken;

  private Workspace(PalisadeInstance server, TestRealm tenant) {
    this.server = server;
    this.tenant = tenant;
    tenant.createPublicClient(APP);
    this.owner = tenant.createMember(OWNER, PASSWORD, "owner");
    this.admin = tenant.createMember(ADMIN, PASSWORD, "admin");
  }

  /** A fresh tenant named {@code prefix-…} with its client, Owner and Admin. */
  public static Workspace provision(PalisadeInstance server, String prefix) {
    return new Workspace(server,
        new Tenants(server).provision(Tenants.freshName(prefix), "teams"));
  }

  public String name() {
    return tenant.name();
  }

  public TestRealm tenant() {
    return tenant;
  }

  public PalisadeInstance server() {
    return server;
  }

  public TestRealm.TotpUser owner() {
    return owner;
  }

  public TestRealm.TotpUser admin() {
    return admin;
  }

  /** Another member with an authenticator app and these base roles. */
  public TestRealm.TotpUser member(String username, String... roles) {
    return tenant.createMember(username, PASSWORD, roles);
  }

  /** A new sign-in (password, then a fresh code) through {@link #APP}; its access token. */
  public String signIn(String username, TestRealm.TotpUser member) {
    return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, APP),
        username, PASSWORD, member.totp()).exchangeCode().get("access_token");
  }

  /** The Owner's access token, from one sign-in kept for the workspace's lifetime. */
  public String ownerToken() {
    if (ownerToken == null) {
      ownerToken = signIn(OWNER, owner);
    }
    return ownerToken;
  }

  /** The Admin's access token, from one sign-in kept for the workspace's lifetime. */
  public String adminToken() {
    if (adminToken == null) {
      adminToken = signIn(ADMIN, admin);
    }
    return adminToken;
  }

  /** A token of master's bootstrap admin client: the operator. */
  public String operatorToken() {
    return server.admin().tokenManager().getAccessTokenString();
  }

  /** {@code method /admin/realms/{tenant}/{path}} with {@code token}, a JSON body unless null. */
  public Rest.Response call(String method, String path, String token, Object body) {
    return Rest.send(method, adminUrl(path), token, body == null ? null : "application/json",
        body == null ? null : Rest.json(body));
  }

  /** A GET as the operator that must answer 200: the state of the tenant as it really is. */
  public Map<String, Object> read(String path) {
    Rest.Response response = call("GET", path, operatorToken(), null);
    response.requireOk();
    return response.json();
  }

  /** As {@link #read(String)}, for paths that answer a JSON array. */
  public List<Map<String, Object>> readList(String path) {
    Rest.Response response = call("GET", path, operatorToken(), null);
    response.requireOk();
    return response.json(new TypeReference<>() { });
  }

  public String adminUrl(String path) {
    return server.baseUrl() + "/admin/realms/" + tenant.name() + (path.isEmpty() ? "" : "/" + path);
  }

  /** The internal id of the client {@code clientId}. */
  public String clientUuid(String clientId) {
    return tenant.resource().clients().findByClientId(clientId).get(0).getId();
  }

  /** The types of the credentials the user holds, one entry per credential. */
  public List<String> credentialTypes(String userId) {
    return tenant.resource().users().get(userId).credentials().stream()
        .map(credential -> credential.getType()).toList();
  }

  @Override
  public void close() {
    tenant.close();
  }
}
