package dev.palisade.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.palisade.testing.AuditApi;
import dev.palisade.testing.BootstrapAdmin;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.MailSink;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeInstance;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import dev.palisade.testing.TestSettings;
import dev.palisade.testing.Totp;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Invitations on the Palisade image, over REST and the real login pages with a real SMTP sink:
 * the link sets a password, enrolment of a second factor follows, and only a sign-in with both
 * gets a token; a link works once, not after a resend or a revocation, not after it expired;
 * only who may give a role invites with it.
 */
@ExtendWith(PalisadeServer.class)
class InvitationsIT {

  private static final String APP = "app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final Duration MAIL_WAIT = Duration.ofSeconds(30);
  private static final String NO_LONGER_VALID = "This link is no longer valid";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static PalisadeServer server;
  private static MailSink mail;
  private static Tenants tenants;
  private static AuditApi audit;

  @BeforeAll
  static void start(PalisadeServer palisade) {
    server = palisade;
    mail = MailSink.start();
    tenants = new Tenants(server);
    audit = new AuditApi(server);
  }

  @AfterAll
  static void stop() {
    mail.close();
  }

  @Nested
  class TheOwnersInvitation {

    @Test
    void provisioningWithSmtpInvitesTheOwnerWhoGetsATokenOnlyWithAFactor() {
      String name = Tenants.freshName("inv");
      Map<String, Object> body = Tenants.request(name, "teams");
      body.put("smtp", smtp());
      Rest.Response created = tenants.post(body, tenants.operatorToken());
      try (TestRealm tenant = TestRealm.adopt(server, name)) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Map<String, Object> invitation = object(object(created.json(), "owner"), "invitation");
        assertThat(invitation).containsEntry("sent", true);
        assertThat(Instant.parse((String) invitation.get("expiresAt")))
            .isAfter(Instant.now().plus(Duration.ofHours(71)));
        tenant.createPublicClient(APP);
        String email = "owner@" + name + ".test";
        String ownerId = userId(tenant, email);
        MimeMessage message = mail.awaitMessageTo(email, MAIL_WAIT);
        assertThat(MailSink.text(message)).contains("Tenant " + name).contains("as Owner");
        URI link = MailSink.actionLink(message);

        var accepting = OidcLoginDriver.prepare(server, tenant, APP).open(link);
        assertThat(onPasswordForm(accepting)).as("a confirmation page comes first").isFalse();
        accepting.follow("a[href*=action-token]");
        // As the email says: the password first, then the second factor.
        assertThat(onPasswordForm(accepting)).as("the new password comes first").isTrue();
        accepting.submit(Map.of("password-new", PASSWORD, "password-confirm", PASSWORD));
        assertThat(SecondFactorSteps.onFactorChoice(accepting)).as("then enrolment").isTrue();

        var early = OidcLoginDriver.begin(server, tenant, APP).loginWithPassword(email, PASSWORD);
        assertThat(early.finished()).as("no code with the password alone").isFalse();
        assertThat(SecondFactorSteps.onFactorChoice(early)).isTrue();

        Totp totp = SecondFactorSteps.enrolAuthenticatorApp(accepting).totp();
        assertThat(accepting.finished()).as("the link itself signs nobody in").isFalse();
        assertThat(accepting.currentPage().html()).contains("/admin/" + name + "/console/");

        var signIn = OidcLoginDriver.begin(server, tenant, APP).loginWithPassword(email, PASSWORD);
        assertThat(signIn.finished()).as("the code prompt before any code").isFalse();
        var tokens = SecondFactorSteps.enterCode(signIn, totp).exchangeCode();
        assertThat(OidcLoginDriver.claims((String) tokens.get("access_token")))
            .containsEntry("role", "owner");
        assertThat(tenant.resource().users().get(ownerId).toRepresentation().isEmailVerified())
            .isTrue();
        audit.awaitSingle(name, Map.of("action", "INVITATION_SENT", "target", ownerId));
        audit.awaitSingle(name, Map.of("action", "INVITATION_ACCEPTED", "target", ownerId));

        var replay = OidcLoginDriver.prepare(server, tenant, APP).open(link);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.currentPage().text()).contains(NO_LONGER_VALID);
        audit.awaitSingle(name, Map.of("action", "INVITATION_REFUSED", "target", ownerId,
            "outcome", "failure:used"));
        assertThat(operatorInvitesOwner(name).status()).as("accepted already").isEqualTo(409);
      }
    }

    @Test
    void theOperatorSendsItWhenTheTenantHasSmtpAndOnlyUntilTheOwnerIsIn() {
      try (TestRealm tenant = tenants.provision(Tenants.freshName("opinv"), "free")) {
        String email = "owner@" + tenant.name() + ".test";
        Rest.Response withoutSmtp = operatorInvitesOwner(tenant.name());
        assertThat(withoutSmtp.status()).isEqualTo(409);
        assertThat(withoutSmtp.json()).containsEntry("error", "smtp_not_configured");

        tenant.useMailSink(mail);
        tenant.createPublicClient(APP);
        var admin = tenant.createMember("ada", PASSWORD, "admin");
        Rest.Response byAMember = Rest.send("POST", ownerInvitationUrl(tenant.name()),
            memberToken(tenant, "ada", admin), null, null);
        assertThat(byAMember.status()).isIn(401, 403);
        assertThat(mail.messagesTo(email)).isEmpty();

        Rest.Response sent = operatorInvitesOwner(tenant.name());
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json()).containsEntry("sent", true).containsEntry("role", "owner")
            .containsEntry("email", email);
        mail.awaitMessageTo(email, MAIL_WAIT);
        assertThat(Rest.send("POST", ownerInvitationUrl("no-such-tenant"),
            tenants.operatorToken(), null, null).status()).isEqualTo(404);

        tenant.resource().users().get(userId(tenant, email)).resetPassword(password(PASSWORD));
        Rest.Response accepted = operatorInvitesOwner(tenant.name());
        assertThat(accepted.status()).isEqualTo(409);
        assertThat(accepted.json()).containsEntry("error", "already_accepted");
      }
    }

    @Test
    void theResetPageSendsAPersonWithoutAFactorToAnInvitation() {
      try (TestRealm tenant = provisionWithSmtp("reset")) {
        tenant.createPublicClient(APP);
        String email = "owner@" + tenant.name() + ".test";
        mail.awaitMessageTo(email, MAIL_WAIT);

        var reset = OidcLoginDriver.begin(server, tenant, APP)
            .follow("a[href*=reset-credentials]")
            .submit("#kc-reset-password-form", Map.of("username", email));
        reset.open(MailSink.actionLink(mail.awaitMessagesTo(email, 2, MAIL_WAIT).get(1)));

        assertThat(reset.status()).isEqualTo(403);
        assertThat(reset.currentPage().text()).contains("for an invitation");
      }
    }
  }

  @Nested
  class Links {

    @Test
    void aResendKillsTheEarlierLinkAndARevocationKillsTheLinkAndTheMember() {
      try (TestRealm tenant = provisionWithSmtp("links")) {
        String email = "eddie@" + tenant.name() + ".test";
        Rest.Response invited = invite(tenant, tenants.operatorToken(), email, "editor");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        assertThat(invited.json()).containsEntry("email", email).containsEntry("role", "editor")
            .containsKey("expiresAt")
            .hasEntrySatisfying("invitedBy", by -> assertThat((String) by).isNotBlank());
        String eddie = (String) invited.json().get("userId");
        assertThat(tenant.resource().users().get(eddie).credentials()).isEmpty();
        URI first = MailSink.actionLink(mail.awaitMessageTo(email, MAIL_WAIT));

        List<Map<String, Object>> pending = pending(tenant, tenants.operatorToken());
        assertThat(pending).filteredOn(p -> eddie.equals(p.get("userId"))).singleElement()
            .satisfies(p -> assertThat(p)
            .containsEntry("userId", eddie).containsEntry("role", "editor")
            .containsKeys("sentAt", "expiresAt", "invitedBy"));

        Rest.Response resent = Rest.send("POST", invitationsUrl(tenant) + "/" + eddie + "/resend",
            tenants.operatorToken(), null, null);
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        URI second = MailSink.actionLink(mail.awaitMessagesTo(email, 2, MAIL_WAIT).get(1));
        assertThat(second).isNotEqualTo(first);

        var stale = OidcLoginDriver.prepare(server, tenant, APP).open(first);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.currentPage().text()).contains(NO_LONGER_VALID);
        audit.awaitSingle(tenant.name(), Map.of("action", "INVITATION_REFUSED", "target", eddie,
            "outcome", "failure:replaced"));
        var current = OidcLoginDriver.prepare(server, tenant, APP).open(second);
        assertThat(current.currentPage().selectFirst("a[href*=action-token]"))
            .as("the newest link opens").isNotNull();

        Rest.Response revoked = Rest.send("DELETE", invitationsUrl(tenant) + "/" + eddie,
            tenants.operatorToken(), null, null);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(tenant.resource().users().searchByEmail(email, true)).isEmpty();
        assertThat(pending(tenant, tenants.operatorToken())).extracting(p -> p.get("userId"))
            .doesNotContain(eddie);
        audit.awaitSingle(tenant.name(), Map.of("action", "INVITATION_REVOKED", "target", eddie));

        var afterRevocation = OidcLoginDriver.prepare(server, tenant, APP).open(second);
        assertThat(afterRevocation.status()).isEqualTo(400);
        assertThat(afterRevocation.currentPage().text()).contains(NO_LONGER_VALID);
        audit.awaitSingle(tenant.name(), Map.of("action", "INVITATION_REFUSED", "target", eddie,
            "outcome", "failure:revoked"));
      }
    }

    /**
     * A server of its own whose links live 36 seconds: the test waits, with a deadline, until
     * the server's own list calls the invitation expired, then opens the link.
     */
    @Test
    void anExpiredLinkIsRefused() {
      try (KeycloakContainer shortLived = new KeycloakContainer(TestSettings.palisadeImage())
          .withExtraHost(PalisadeServer.HOST_FROM_CONTAINER, "host-gateway")
          .withEnv(BootstrapAdmin.environment())
          .withEnv("KC_SPI_ACTION_TOKEN_HANDLER__PALISADE_INVITATION__LIFESPAN_HOURS", "0.01")
          .withAdminUsername(BootstrapAdmin.USERNAME)
          .withAdminPassword(BootstrapAdmin.PASSWORD)
          .withStartupTimeout(Duration.ofMinutes(5))) {
        shortLived.start();
        String baseUrl = shortLived.getAuthServerUrl().replaceAll("/$", "");
        try (Keycloak admin = BootstrapAdmin.client(baseUrl)) {
          PalisadeInstance instance = PalisadeInstance.of(baseUrl, () -> admin);
          Tenants there = new Tenants(instance);
          String name = Tenants.freshName("exp");
          Map<String, Object> body = Tenants.request(name, "free");
          body.put("smtp", smtp());
          assertThat(there.post(body, there.operatorToken()).status()).isEqualTo(201);
          TestRealm tenant = TestRealm.adopt(instance, name);
          String email = "owner@" + name + ".test";
          URI link = MailSink.actionLink(mail.awaitMessageTo(email, MAIL_WAIT));

          Eventually.until("the invitation expired", Duration.ofSeconds(120),
              Duration.ofSeconds(1), () -> Rest.send("GET", baseUrl + "/admin/realms/" + name
                  + "/invitations", there.operatorToken(), null, null).json(
                  new TypeReference<List<Map<String, Object>>>() { }),
              list -> list.size() == 1 && Boolean.TRUE.equals(list.get(0).get("expired")));
          var expired = OidcLoginDriver.prepare(instance, tenant, APP).open(link);

          assertThat(expired.status()).isEqualTo(400);
          assertThat(expired.currentPage().selectFirst("input[name=password-new]")).isNull();
          new AuditApi(instance).awaitSingle(name, Map.of("action", "INVITATION_REFUSED",
              "outcome", "failure:expired", "target", userId(tenant, email)));
        }
      }
    }
  }

  @Nested
  class Rights {

    @Test
    void anAdminInvitesEditorsButNoOwnerOrAdmin() {
      try (TestRealm tenant = provisionWithSmtp("rights")) {
        tenant.createPublicClient(APP);
        String token = memberToken(tenant, "ada", tenant.createMember("ada", PASSWORD, "admin"));

        for (String role : List.of("owner", "admin")) {
          String email = role + "-by-ada@" + tenant.name() + ".test";
          Rest.Response refused = invite(tenant, token, email, role);
          assertThat(refused.status()).as(role).isEqualTo(403);
          assertThat(refused.json()).containsKey("error").containsKey("error_description");
          assertThat(tenant.resource().users().searchByEmail(email, true)).as(role).isEmpty();
        }
        String editor = "editor-by-ada@" + tenant.name() + ".test";
        assertThat(invite(tenant, token, editor, "editor").status()).isEqualTo(201);
        mail.awaitMessageTo(editor, MAIL_WAIT);
        assertThat(mail.messagesTo("owner-by-ada@")).isEmpty();
        assertThat(mail.messagesTo("admin-by-ada@")).isEmpty();
        assertThat(audit.awaitEvents(tenant.name(), Map.of("action", "INVITATION_SENT",
            "outcome", "failure:owner_only"), list -> list.size() == 2)).hasSize(2);
      }
    }

    @Test
    void tenantAsAdminCannotInviteIntoTenantB() {
      try (TestRealm a = provisionWithSmtp("ta"); TestRealm b = provisionWithSmtp("tb")) {
        a.createPublicClient(APP);
        String token = memberToken(a, "ada", a.createMember("ada", PASSWORD, "admin"));
        String email = "intruder@" + b.name() + ".test";

        Rest.Response across = invite(b, token, email, "viewer");

        assertThat(across.status()).isIn(401, 403);
        assertThat(b.resource().users().searchByEmail(email, true)).isEmpty();
        assertThat(Rest.send("GET", invitationsUrl(b), token, null, null).status())
            .isIn(401, 403);
        assertThat(mail.messagesTo(email)).isEmpty();
      }
    }

    @Test
    void withoutSmtpNothingIsCreated() {
      try (TestRealm tenant = tenants.provision(Tenants.freshName("nosmtp"), "free")) {
        String email = "nomail@" + tenant.name() + ".test";

        Rest.Response refused = invite(tenant, tenants.operatorToken(), email, "viewer");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json()).containsEntry("error", "smtp_not_configured");
        assertThat(tenant.resource().users().searchByEmail(email, true)).isEmpty();
      }
    }

    /**
     * An SMTP server that does not answer: the invitation is a 502 and leaves nothing behind,
     * neither the member nor a record of an invitation that was never sent.
     */
    @Test
    void aFailedSendIsA502AndCreatesNothing() {
      try (TestRealm tenant = provisionWithSmtp("smtpdown")) {
        var settings = tenant.resource().toRepresentation();
        Map<String, String> unreachable = new LinkedHashMap<>(settings.getSmtpServer());
        unreachable.put("host", "127.0.0.1");
        unreachable.put("port", "1");
        settings.setSmtpServer(unreachable);
        tenant.resource().update(settings);
        String email = "lost@" + tenant.name() + ".test";

        Rest.Response failed = invite(tenant, tenants.operatorToken(), email, "viewer");

        assertThat(failed.status()).as(failed.body()).isEqualTo(502);
        assertThat(failed.json()).containsEntry("error", "email_failed");
        assertThat(failed.body()).doesNotContain("Exception", "127.0.0.1");
        assertThat(tenant.resource().users().searchByEmail(email, true)).isEmpty();
        audit.awaitSealedUpToNow(tenant.name());
        String owner = userId(tenant, "owner@" + tenant.name() + ".test");
        assertThat(audit.events(tenant.name(), Map.of("action", "INVITATION_SENT")))
            .as("only the Owner's, sent at provisioning")
            .extracting(record -> AuditApi.object(record, "target").get("id"))
            .containsExactly(owner);
      }
    }

    @Test
    void badInputIsAJsonErrorAndCreatesNothing() {
      try (TestRealm tenant = provisionWithSmtp("bad")) {
        String email = "fine@" + tenant.name() + ".test";
        Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
        bodies.put("invalid_email", Map.of("email", "not-an-email", "role", "viewer"));
        bodies.put("invalid_role", Map.of("email", email, "role", "superuser"));
        bodies.put("invalid_request:no email", Map.of("role", "viewer"));
        bodies.put("invalid_request:number", Map.of("email", email, "role", "viewer",
            "firstName", 42));
        bodies.forEach((expected, body) -> {
          Rest.Response response = invite(tenant, tenants.operatorToken(), body);
          assertThat(response.status()).as(expected).isEqualTo(400);
          assertThat(response.json()).as(expected)
              .containsEntry("error", expected.split(":")[0]).containsKey("error_description");
        });
        Rest.Response notJson = Rest.send("POST", invitationsUrl(tenant),
            tenants.operatorToken(), "application/json", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).doesNotContain("Exception");
        assertThat(tenant.resource().users().searchByEmail(email, true)).isEmpty();
        assertThat(mail.messagesTo(email)).isEmpty();

        String owner = "owner@" + tenant.name() + ".test";
        Rest.Response exists = invite(tenant, tenants.operatorToken(), owner, "viewer");
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.json()).containsEntry("error", "member_exists");
      }
    }

    @Test
    void theInvitationAttributeCannotBeReadOrSetThroughAdminOrAccountRest() {
      try (TestRealm tenant = provisionWithSmtp("attr")) {
        tenant.createPublicClient(APP);
        String email = "vic@" + tenant.name() + ".test";
        String vic = (String) invite(tenant, tenants.operatorToken(), email, "viewer").json()
            .get("userId");
        URI link = MailSink.actionLink(mail.awaitMessageTo(email, MAIL_WAIT));

        String userUrl = server.baseUrl() + "/admin/realms/" + tenant.name() + "/users/" + vic;
        Rest.Response read = Rest.send("GET", userUrl, tenants.operatorToken(), null, null);
        assertThat(read.body()).doesNotContain("palisade.invitation");
        Map<String, Object> forged = read.json();
        forged.put("attributes", Map.of("palisade.invitation", List.of("{\"id\":\"forged\","
            + "\"role\":\"owner\",\"expiresAt\":4102444800}"),
            "palisade.invitation.pending", List.of("true")));
        Rest.send("PUT", userUrl, tenants.operatorToken(), "application/json", Rest.json(forged));
        assertThat(OidcLoginDriver.prepare(server, tenant, APP).open(link).currentPage()
            .selectFirst("a[href*=action-token]")).as("the real invitation still opens")
            .isNotNull();

        var member = tenant.createMember("mia", PASSWORD, "viewer");
        String token = memberToken(tenant, "mia", member);
        String accountUrl = server.baseUrl() + "/realms/" + tenant.name() + "/account";
        Rest.Response own = account("GET", accountUrl, token, null);
        assertThat(own.status()).isEqualTo(200);
        Map<String, Object> mine = own.json();
        mine.put("attributes", Map.of("palisade.invitation.pending", List.of("true"),
            "palisade.invitation", List.of("{\"id\":\"mine\",\"role\":\"owner\","
                + "\"expiresAt\":4102444800}")));
        account("POST", accountUrl, token, Rest.json(mine));

        assertThat(pending(tenant, tenants.operatorToken())).extracting(p -> p.get("userId"))
            .contains(vic).doesNotContain(member.id());
        assertThat(pending(tenant, tenants.operatorToken()))
            .filteredOn(p -> vic.equals(p.get("userId"))).singleElement()
            .satisfies(p -> assertThat(p).containsEntry("role", "viewer"));
        assertThat(account("GET", accountUrl, token, null).body())
            .doesNotContain("palisade.invitation");
      }
    }
  }

  /** The sink's settings; the template's STARTTLS and login would be refused by the sink. */
  private static Map<String, String> smtp() {
    Map<String, String> smtp = new LinkedHashMap<>(mail.smtpSettingsForContainer());
    smtp.put("starttls", "false");
    smtp.put("auth", "false");
    return smtp;
  }

  private static TestRealm provisionWithSmtp(String prefix) {
    String name = Tenants.freshName(prefix);
    Map<String, Object> body = Tenants.request(name, "teams");
    body.put("smtp", smtp());
    Rest.Response created = tenants.post(body, tenants.operatorToken());
    if (created.status() != 201) {
      throw new AssertionError("provisioning " + name + ": " + created.body());
    }
    return TestRealm.adopt(server, name);
  }

  private static Rest.Response invite(TestRealm tenant, String token, String email, String role) {
    return invite(tenant, token, Map.of("email", email, "firstName", "Ivy", "lastName", "Invitee",
        "role", role));
  }

  private static Rest.Response invite(TestRealm tenant, String token, Map<String, Object> body) {
    return Rest.send("POST", invitationsUrl(tenant), token, "application/json", Rest.json(body));
  }

  private static List<Map<String, Object>> pending(TestRealm tenant, String token) {
    Rest.Response response = Rest.send("GET", invitationsUrl(tenant), token, null, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json(new TypeReference<>() { });
  }

  private static String invitationsUrl(TestRealm tenant) {
    return server.baseUrl() + "/admin/realms/" + tenant.name() + "/invitations";
  }

  private static Rest.Response operatorInvitesOwner(String tenant) {
    return Rest.send("POST", ownerInvitationUrl(tenant), tenants.operatorToken(), null, null);
  }

  private static String ownerInvitationUrl(String tenant) {
    return server.baseUrl() + "/admin/realms/master/tenants/" + tenant + "/owner-invitation";
  }

  private static String memberToken(TestRealm tenant, String username, TestRealm.TotpUser user) {
    return (String) SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, APP),
        username, PASSWORD, user.totp()).exchangeCode().get("access_token");
  }

  private static String userId(TestRealm tenant, String email) {
    List<UserRepresentation> found = tenant.resource().users().searchByEmail(email, true);
    assertThat(found).as(email).hasSize(1);
    return found.get(0).getId();
  }

  /** The account REST API, which answers JSON only to a client that asks for it. */
  private static Rest.Response account(String method, String url, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString());
      return new Rest.Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean onPasswordForm(OidcLoginDriver driver) {
    return !driver.finished()
        && driver.currentPage().selectFirst("input[name=password-new]") != null;
  }

  private static CredentialRepresentation password(String value) {
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setValue(value);
    credential.setTemporary(false);
    return credential;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> parent, String field) {
    return (Map<String, Object>) parent.get(field);
  }
}
