package dev.palisade.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A realm of its own for one test class, with factories for the users and clients tests need.
 * Names are random so that classes never see each other's data; close() deletes the realm.
 */
public final class TestRealm implements AutoCloseable {

  /** Every test client redirects here: a page the server itself serves, so no app is needed. */
  private static final String CALLBACK_PATH = "/.well-known/openid-configuration";

  private final PalisadeInstance server;
  private final String name;

  private TestRealm(PalisadeInstance server, String name) {
    this.server = server;
    this.name = name;
  }

  /** A new enabled realm using the Palisade login and email themes. */
  public static TestRealm create(PalisadeInstance server) {
    RealmRepresentation realm = new RealmRepresentation();
    realm.setRealm("t-" + UUID.randomUUID().toString().substring(0, 8));
    realm.setEnabled(true);
    realm.setLoginTheme("palisade");
    realm.setEmailTheme("palisade");
    server.admin().realms().create(realm);
    return new TestRealm(server, realm.getRealm());
  }

  /** An existing realm (a provisioned tenant) with these factories; close() deletes it too. */
  public static TestRealm adopt(PalisadeInstance server, String name) {
    return new TestRealm(server, name);
  }

  /** An enabled user with a password, an authenticator app and these realm roles. */
  public TotpUser createMember(String username, String password, String... realmRoles) {
    TotpUser member = createUserWithTotp(username, password);
    if (realmRoles.length > 0) {
      resource().users().get(member.id()).roles().realmLevel().add(Arrays.stream(realmRoles)
          .map(role -> resource().roles().get(role).toRepresentation()).toList());
    }
    return member;
  }

  public String name() {
    return name;
  }

  public RealmResource resource() {
    return server.admin().realm(name);
  }

  /** The URL test clients redirect to after login. */
  public String callbackUrl() {
    return server.baseUrl() + "/realms/" + name + CALLBACK_PATH;
  }

  /** An enabled user with a verified email and a non-temporary password; returns its id. */
  public String createUser(String username, String password, String... requiredActions) {
    UserRepresentation user = user(username, requiredActions);
    user.setCredentials(List.of(passwordCredential(password)));
    return create(user);
  }

  /**
   * An enabled user who already holds an authenticator app, as a realm import would give them,
   * and a password.
   */
  public TotpUser createUserWithTotp(String username, String password) {
    return createUserWithTotp(username, password, 1);
  }

  /** As {@link #createUserWithTotp(String, String)}, with {@code apps} authenticator apps. */
  public TotpUser createUserWithTotp(String username, String password, int apps) {
    List<CredentialRepresentation> credentials = new ArrayList<>();
    credentials.add(passwordCredential(password));
    List<String> secrets = new ArrayList<>();
    for (int app = 0; app < apps; app++) {
      secrets.add(UUID.randomUUID().toString().replace("-", "").substring(0, 20));
      credentials.add(otpCredential(secrets.get(app), "app " + app));
    }
    UserRepresentation user = user(username);
    user.setCredentials(credentials);
    return new TotpUser(create(user), Totp.forKeycloakSecret(secrets.get(0)));
  }

  /** A user made by {@link #createUserWithTotp}: their id and their authenticator app. */
  public record TotpUser(String id, Totp totp) {
  }

  /** An authenticator-app credential as Keycloak exports one: secret and TOTP parameters. */
  private static CredentialRepresentation otpCredential(String secret, String label) {
    CredentialRepresentation otp = new CredentialRepresentation();
    otp.setType("otp");
    otp.setUserLabel(label);
    otp.setSecretData("{\"value\":\"" + secret + "\"}");
    otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,"
        + "\"period\":30,\"algorithm\":\"HmacSHA1\"}");
    return otp;
  }

  private static UserRepresentation user(String username, String... requiredActions) {
    UserRepresentation user = new UserRepresentation();
    user.setUsername(username);
    user.setEmail(username + "@palisade.test");
    user.setEmailVerified(true);
    user.setFirstName("Test");
    user.setLastName(username);
    user.setEnabled(true);
    user.setRequiredActions(List.of(requiredActions));
    return user;
  }

  private String create(UserRepresentation user) {
    try (Response response = resource().users().create(user)) {
      return CreatedResponseUtil.getCreatedId(response);
    }
  }

  private static CredentialRepresentation passwordCredential(String password) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setValue(password);
    credential.setTemporary(false);
    return credential;
  }

  /** A public client for the authorization code flow with PKCE, redirecting to callbackUrl(). */
  public void createPublicClient(String clientId) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setEnabled(true);
    client.setPublicClient(true);
    client.setStandardFlowEnabled(true);
    client.setDirectAccessGrantsEnabled(false);
    client.setRedirectUris(List.of(callbackUrl()));
    client.setAttributes(Map.of("pkce.code.challenge.method", "S256"));
    try (Response response = resource().clients().create(client)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }

  /** A confidential client with the given secret (client-credentials and code flow). */
  public void createConfidentialClient(String clientId, String secret) {
    ClientRepresentation client = new ClientRepresentation();
    client.setClientId(clientId);
    client.setEnabled(true);
    client.setPublicClient(false);
    client.setSecret(secret);
    client.setServiceAccountsEnabled(true);
    client.setRedirectUris(List.of(callbackUrl()));
    try (Response response = resource().clients().create(client)) {
      CreatedResponseUtil.getCreatedId(response);
    }
  }

  /**
   * A top-level flow "password only" (username and password, nothing else): the flow an attacker
   * would bind to skip the second factor. Returns its alias.
   */
  public String createPasswordOnlyFlow() {
    String alias = "password only";
    var flow = new AuthenticationFlowRepresentation();
    flow.setAlias(alias);
    flow.setProviderId("basic-flow");
    flow.setTopLevel(true);
    resource().flows().createFlow(flow).close();
    resource().flows().addExecution(alias, Map.of("provider", "auth-username-password-form"));
    var execution = resource().flows().getExecutions(alias).get(0);
    execution.setRequirement("REQUIRED");
    resource().flows().updateExecutions(alias, execution);
    return alias;
  }

  /** Gives a user roles of this realm's {@code realm-management} client (tenant-admin rights). */
  public void grantRealmManagementRoles(String userId, String... roles) {
    var realmManagement = resource().clients().findByClientId("realm-management").get(0);
    var client = resource().clients().get(realmManagement.getId());
    resource().users().get(userId).roles().clientLevel(realmManagement.getId()).add(
        Arrays.stream(roles).map(r -> client.roles().get(r).toRepresentation())
            .toList());
  }

  /** Sends this realm's email through the given sink. */
  public void useMailSink(MailSink sink) {
    RealmRepresentation realm = resource().toRepresentation();
    realm.setSmtpServer(sink.smtpSettingsForContainer());
    resource().update(realm);
  }

  @Override
  public void close() {
    resource().remove();
  }
}
