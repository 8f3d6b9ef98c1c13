package dev.palisade.it;

import static dev.palisade.testing.ConsolePages.testId;
import static dev.palisade.testing.ConsolePages.testIdsStartingWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.palisade.testing.AuditApi;
import dev.palisade.testing.Axe;
import dev.palisade.testing.ChromiumBrowser;
import dev.palisade.testing.ConsolePages;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.MailSink;
import dev.palisade.testing.OidcLoginDriver;
import dev.palisade.testing.PalisadeServer;
import dev.palisade.testing.Rest;
import dev.palisade.testing.SecondFactorSteps;
import dev.palisade.testing.Tenants;
import dev.palisade.testing.TestRealm;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Palisade's admin and account console pages in headless Chromium against the image: an Owner
 * accepting the emailed invitation, permissions granted on the Members page reaching tokens,
 * what an Admin is not offered, the audit page's filters, exports and verification, and every
 * page checked with axe-core (WCAG 2 A/AA) and pictured for the docs.
 */
@ExtendWith(PalisadeServer.class)
class ConsoleBrowserIT {

  private static final String CLIENT = "console-app";
  private static final String PASSWORD = "correct-horse-battery-staple";
  private static final String NEW_PASSWORD = "tr0ubadour-and-a-new-horse";
  private static final Duration MAIL_WAIT = Duration.ofSeconds(30);

  private static PalisadeServer server;
  private static Tenants tenants;
  private static AuditApi audit;
  private static MailSink mail;
  private static TestRealm tenant;
  private static TestRealm.TotpUser owner;
  private static TestRealm.TotpUser admin;

  @BeforeAll
  static void provision(PalisadeServer palisade) {
    server = palisade;
    tenants = new Tenants(server);
    audit = new AuditApi(server);
    mail = MailSink.start();
    tenant = tenants.provision(Tenants.freshName("console"), "teams");
    tenant.createPublicClient(CLIENT);
    owner = tenant.createMember("olga", PASSWORD, "owner");
    admin = tenant.createMember("adam", PASSWORD, "admin");
  }

  @AfterAll
  static void deleteTenant() {
    tenant.close();
    mail.close();
  }

  @Nested
  class OwnerInvitation {

    /**
     * Provisioning with SMTP settings emails the Owner; the link leads to a new password, an
     * authenticator app and the console, and works once.
     */
    @Test
    void theOwnerSetsAPasswordEnrolsAnAppAndReachesTheConsoleOnce() {
      String name = Tenants.freshName("invited");
      String email = "owner@" + name + ".test";
      Map<String, Object> request = Tenants.request(name, "teams");
      // The template's defaults (STARTTLS, authentication) are for a real relay; the sink
      // speaks plain SMTP and asks for no credentials.
      Map<String, String> smtp = new LinkedHashMap<>(mail.smtpSettingsForContainer());
      smtp.put("starttls", "false");
      smtp.put("auth", "false");
      request.put("smtp", smtp);
      Rest.Response created = tenants.post(request, tenants.operatorToken());
      try (TestRealm invited = TestRealm.adopt(server, name)) {
        assertThat(created.status()).as(() -> created.body() + "; the server said: "
            + serverLogLines("mail")).isEqualTo(201);
        URI emailed = MailSink.actionLink(mail.awaitMessageTo(email, MAIL_WAIT));

        URI link;
        try (ChromiumBrowser browser = ChromiumBrowser.start()) {
          ConsolePages console = new ConsolePages(server, browser, name);
          link = console.onTestHost(emailed);
          var accepted = console.acceptInvitation(link, email, NEW_PASSWORD,
              () -> console.screenshot("invitation-set-password"));
          System.out.println("Invitation to the console of " + name + ": " + accepted.steps());

          assertThat(accepted.steps()).as("the steps of the invitation, in order")
              .containsSubsequence("new password", "factor choice", "authenticator app",
                  "recovery codes");
          assertThat(console.driver().getCurrentUrl()).startsWith(console.consoleUrl());
          assertThat(console.awaitConsole().findElements(
              testIdsStartingWith("nav-item-palisade-"))).extracting(e -> e.getAttribute(
                  "data-testid")).contains("nav-item-palisade-members",
                  "nav-item-palisade-second-factors", "nav-item-palisade-audit",
                  "nav-item-palisade-catalogue");
        }
        UserRepresentation person = invited.resource().users().searchByEmail(email, true).get(0);
        assertThat(invited.resource().users().get(person.getId()).credentials())
            .extracting(CredentialRepresentation::getType).contains("password", "otp");

        try (ChromiumBrowser again = ChromiumBrowser.start()) {
          ConsolePages replay = new ConsolePages(server, again, name);
          replay.driver().get(link.toString());
          replay.await(ExpectedConditions.presenceOfElementLocated(By.tagName("body")),
              "the page of the used link");
          assertThat(replay.driver().findElements(By.id("password-new")))
              .as("a second password form from the used link: " + replay.visibleText())
              .isEmpty();
          assertThat(replay.driver().getCurrentUrl()).doesNotContain("/console/");
          assertThat(replay.visibleText()).contains("This link is no longer valid");
        }
      }
    }
  }

  @Nested
  class Members {

    @Test
    void aGrantMadeOnTheMembersPageReachesTheMembersNextToken() {
      var erin = tenant.createMember("erin", PASSWORD, "editor");
      try (ChromiumBrowser browser = ChromiumBrowser.start()) {
        ConsolePages console = new ConsolePages(server, browser, tenant.name())
            .signInToConsole("olga", PASSWORD, owner.totp());
        console.openPage("members");
        console.awaitVisible("member-erin");

        console.click("edit-permissions-erin");
        WebElement grant = console.awaitVisible("grant-documents.delete");
        assertThat(grant.isEnabled()).as("an Owner may grant documents.delete").isTrue();
        assertThat(grant.isSelected()).isFalse();
        console.click("grant-documents.delete");
        console.click("save-permissions");

        Eventually.until("the grant saved", Eventually.PATIENCE,
            () -> memberPermissions(erin.id()),
            permissions -> ((List<?>) permissions.get("grant")).contains("documents.delete"));
      }

      var tokens = SecondFactorSteps.signIn(OidcLoginDriver.begin(server, tenant, CLIENT),
          "erin", PASSWORD, erin.totp()).exchangeCode();
      assertThat(OidcLoginDriver.claims((String) tokens.get("access_token")))
          .containsEntry("permissions", List.of("documents.delete", "documents.read",
              "documents.write", "members.read"));
    }
  }

  @Nested
  class AnAdmin {

    @Test
    void isNotOfferedWhatOnlyAnOwnerMayDo() {
      tenant.createMember("eddy", PASSWORD, "editor");
      try (ChromiumBrowser browser = ChromiumBrowser.start()) {
        ConsolePages console = new ConsolePages(server, browser, tenant.name())
            .signInToConsole("adam", PASSWORD, admin.totp());
        SoftAssertions softly = new SoftAssertions();

        console.openPage("members");
        console.click("edit-permissions-eddy");
        softly.assertThat(console.awaitVisible("grant-documents.delete").isEnabled())
            .as("an Admin holds documents.delete").isTrue();
        for (String notHeld : List.of("billing.read", "billing.manage")) {
          softly.assertThat(console.awaitVisible("grant-" + notHeld).isEnabled())
              .as("grant " + notHeld + ", which an Admin does not hold").isFalse();
        }
        console.closeDialog();

        console.click("invite-member");
        List<String> roles = console.choicesOf("invite-role");
        softly.assertThat(roles).as("roles an Admin may invite to").contains("editor", "viewer")
            .doesNotContain("owner", "admin", "administrator");
        console.closeDialog();

        console.openPage("second-factors");
        console.awaitVisible("factors-olga");
        console.awaitVisible("reset-factors-eddy");
        softly.assertThat(console.has("reset-factors-olga")).as("reset an Owner's factors")
            .isFalse();

        console.openPage("catalogue");
        console.awaitVisible("palisade-catalogue");
        softly.assertThat(console.has("catalogue-edit")).as("edit the catalogue").isFalse();
        softly.assertAll();
      }
    }
  }

  @Nested
  class AuditPage {

    @Test
    void filtersExportsAndShowsAVerifiedChain() throws IOException {
      // A refused sign-in, so that the trail holds a failed LOGIN beside the successes.
      String fay = tenant.createMember("fay", PASSWORD, "viewer").id();
      OidcLoginDriver.begin(server, tenant, CLIENT).loginWithPassword("fay", "wrong-password");
      Path downloads = Files.createTempDirectory("palisade-downloads");
      try (ChromiumBrowser browser = ChromiumBrowser.startWithDownloadsIn(downloads)) {
        ConsolePages console = new ConsolePages(server, browser, tenant.name())
            .signInToConsole("olga", PASSWORD, owner.totp());
        audit.awaitEvents(tenant.name(), Map.of("action", "LOGIN", "target", owner.id(),
            "outcome", "success"), list -> !list.isEmpty());
        audit.awaitEvents(tenant.name(), Map.of("action", "LOGIN", "target", fay),
            list -> !list.isEmpty());
        console.openPage("audit");
        List<Long> unfiltered = shownSeqs(console);

        console.fill("audit-filter-action", "LOGIN");
        console.fill("audit-filter-outcome", "success");
        console.click("audit-apply");
        List<Long> filtered = console.await(page -> {
          List<Long> seqs = shownSeqs(page.findElements(testIdsStartingWith("audit-record-")));
          return !seqs.isEmpty() && !seqs.equals(unfiltered) ? seqs : null;
        }, "the filtered records");
        Set<Long> matching = audit.events(tenant.name(),
            Map.of("action", "LOGIN", "outcome", "success", "max", "1000")).stream()
            .map(record -> ((Number) record.get("seq")).longValue()).collect(Collectors.toSet());
        assertThat(matching).as("records the filter matches").containsAll(filtered);
        assertThat(unfiltered).as("the unfiltered page holds other records")
            .anyMatch(seq -> !matching.contains(seq));
        for (WebElement row : console.driver().findElements(
            testIdsStartingWith("audit-record-"))) {
          assertThat(row.getText()).contains("LOGIN").containsIgnoringCase("success");
        }

        console.click("audit-export-jsonl");
        List<String> jsonl = Files.readAllLines(awaitDownload(downloads, ".jsonl"));
        assertThat(jsonl.get(jsonl.size() - 1)).as("the export's closing line")
            .contains("\"type\":\"checkpoint\"");
        console.click("audit-export-csv");
        List<String> csv = Files.readAllLines(awaitDownload(downloads, ".csv"));
        assertThat(csv.get(0)).as("the CSV header").contains("seq").contains("action");
        assertThat(csv).hasSizeGreaterThan(1);

        // The exports signed a checkpoint; the panel shows it once the page asks again.
        String checkpoint = Eventually.until("a verified chain with a checkpoint",
            Eventually.PATIENCE, Duration.ofSeconds(1), () -> {
              console.driver().navigate().refresh();
              WebElement panel = awaitVerificationAnswer(console);
              if (panel.getAttribute("data-failed") != null) {
                return "failed: " + panel.getText(); // another verification ran: ask again
              }
              List<WebElement> seq = panel.findElements(testId("audit-checkpoint-seq"));
              return panel.getAttribute("data-ok") + ":"
                  + (seq.isEmpty() ? "" : seq.get(0).getText().trim());
            }, shown -> shown.matches("true:.*\\d+.*"));
        assertThat(checkpoint).startsWith("true:");
      } finally {
        deleteAll(downloads);
      }
    }

    private static List<Long> shownSeqs(ConsolePages console) {
      console.awaitVisible("audit-records");
      return console.await(page -> {
        List<Long> seqs = shownSeqs(page.findElements(testIdsStartingWith("audit-record-")));
        return seqs.isEmpty() ? null : seqs;
      }, "audit records in the table");
    }

    private static List<Long> shownSeqs(List<WebElement> rows) {
      return rows.stream().map(row -> row.getAttribute("data-testid"))
          .map(id -> id.substring("audit-record-".length()))
          .filter(seq -> seq.matches("\\d+")).map(Long::valueOf).toList();
    }

    /** The first finished download whose name ends with {@code suffix}. */
    private static Path awaitDownload(Path directory, String suffix) {
      return Eventually.until("a downloaded *" + suffix, Eventually.PATIENCE,
          () -> {
            try (Stream<Path> files = Files.list(directory)) {
              return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
                  .orElse(null);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, file -> file != null);
    }

    private static void deleteAll(Path directory) throws IOException {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Each Palisade page, as its users see it: checked with axe and pictured for the docs. */
  @Nested
  class EveryPage {

    @Test
    void ofTheAdminConsoleMeetsWcagAaAndIsPictured() {
      tenant.createMember("ida", PASSWORD, "viewer");
      try (ChromiumBrowser browser = ChromiumBrowser.start()) {
        ConsolePages console = new ConsolePages(server, browser, tenant.name())
            .signInToConsole("olga", PASSWORD, owner.totp());
        Map<String, List<Axe.Violation>> found = new LinkedHashMap<>();

        console.openPage("members");
        console.awaitVisible("palisade-members");
        console.awaitVisible("member-ida");
        found.put("members", seen(console, "console-members"));

        console.click("edit-permissions-ida");
        console.awaitVisible("save-permissions");
        console.screenshot("console-member-editor");
        found.put("member editor", Axe.violations(console.driver(), "[role=dialog]"));
        console.closeDialog();

        console.openPage("second-factors");
        console.awaitVisible("palisade-factors");
        console.awaitVisible("factors-ida");
        found.put("second factors", seen(console, "console-second-factors"));

        console.openPage("audit");
        console.awaitVisible("audit-records");
        awaitVerificationAnswer(console);
        found.put("audit", seen(console, "console-audit"));

        console.openPage("catalogue");
        console.awaitVisible("palisade-catalogue");
        assertThat(console.awaitVisible("catalogue-edit").isEnabled())
            .as("an Owner may edit the catalogue").isTrue();
        found.put("catalogue", seen(console, "console-catalogue"));

        SoftAssertions softly = new SoftAssertions();
        found.forEach((page, violations) -> softly.assertThat(violations)
            .as("the " + page + " page: " + Axe.describe(violations)).isEmpty());
        softly.assertAll();
      }
    }

    @Test
    void ofTheAccountConsoleShowsAMembersOwnPermissionsAndFactors() {
      var ivy = tenant.createMember("ivy", PASSWORD, "viewer");
      try (ChromiumBrowser browser = ChromiumBrowser.start()) {
        ConsolePages account = new ConsolePages(server, browser, tenant.name())
            .signInToAccount("palisade/permissions", "ivy", PASSWORD, ivy.totp());

        assertThat(account.awaitVisible("my-role").getText()).containsIgnoringCase("viewer");
        account.awaitVisible("my-permissions");
        for (String permission : List.of("documents.read", "members.read")) {
          account.awaitVisible("my-permission-" + permission);
        }
        assertThat(account.has("my-permission-documents.write")).isFalse();
        account.awaitVisible("my-factors");
        account.awaitVisible("last-factor-notice");
        List<Axe.Violation> violations = seen(account, "account-permissions");
        assertThat(violations).as(Axe.describe(violations)).isEmpty();
      }

      var ivan = tenant.createUserWithTotp("ivan", PASSWORD, 2);
      tenant.resource().users().get(ivan.id()).roles().realmLevel()
          .add(List.of(tenant.resource().roles().get("viewer").toRepresentation()));
      try (ChromiumBrowser browser = ChromiumBrowser.start()) {
        ConsolePages account = new ConsolePages(server, browser, tenant.name())
            .signInToAccount("palisade/permissions", "ivan", PASSWORD, ivan.totp());
        account.awaitVisible("my-factors");
        assertThat(account.has("last-factor-notice")).as("two apps: not the last factor")
            .isFalse();
      }
    }

    /** Pictures the page and returns what axe finds in its own content. */
    private static List<Axe.Violation> seen(ConsolePages console, String screenshot) {
      console.screenshot(screenshot);
      return console.accessibilityViolations();
    }
  }

  /** The audit page's verification panel once the server has answered, either way. */
  private static WebElement awaitVerificationAnswer(ConsolePages console) {
    return console.await(page -> {
      WebElement panel = page.findElement(testId("audit-verification"));
      return panel.getAttribute("data-ok") != null || panel.getAttribute("data-failed") != null
          ? panel : null;
    }, "the verification result");
  }

  /** The server's log lines that mention {@code word}, to explain a refusal. */
  private static String serverLogLines(String word) {
    return server.container().getLogs().lines()
        .filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains(word))
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, Object> memberPermissions(String userId) {
    Rest.Response response = Rest.send("GET", server.baseUrl() + "/admin/realms/"
        + tenant.name() + "/permissions/members/" + userId, tenants.operatorToken(), null, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
