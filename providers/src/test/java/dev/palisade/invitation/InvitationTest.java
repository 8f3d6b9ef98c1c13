package dev.palisade.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

class InvitationTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Inviter INVITER = new Inviter("u-1", "olive", "Olive Owner", null,
      "acme");

  @Nested
  class TheRecord {

    @Test
    void survivesTheAttributeRoundTrip() {
      Invitation sent = Invitation.issue("editor", INVITER, NOW, Duration.ofHours(72));

      assertThat(Invitation.parse(sent.json())).contains(sent);
      assertThat(sent.expiry()).isEqualTo(NOW.plus(Duration.ofHours(72)));
      assertThat(sent.invitedBy()).isEqualTo("olive");
    }

    @Test
    void eachInvitationHasItsOwnId() {
      assertThat(Invitation.issue("viewer", INVITER, NOW, Duration.ofHours(1)).id())
          .isNotEqualTo(Invitation.issue("viewer", INVITER, NOW, Duration.ofHours(1)).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{}", "{\"id\":\"x\"}", "[1,2]"})
    void anUnreadableRecordCountsAsNone(String json) {
      assertThat(Invitation.parse(json)).isEmpty();
    }

    @Test
    void aMemberWithoutTheAttributeHoldsNone() {
      UserModel member = mock(UserModel.class);
      when(member.getFirstAttribute(Invitation.ATTRIBUTE)).thenReturn(null);

      assertThat(Invitation.of(member)).isEmpty();
    }

    @Test
    void expiresAfterItsLastSecondAsKeycloakJudgesExp() {
      Invitation sent = Invitation.issue("viewer", INVITER, NOW, Duration.ofSeconds(60));

      assertThat(sent.isExpiredAt(NOW.plusSeconds(60))).isFalse();
      assertThat(sent.isExpiredAt(NOW.plusSeconds(61))).isTrue();
    }
  }

  @Nested
  class TheLink {

    private final Invitation current = Invitation.issue("viewer", INVITER, NOW,
        Duration.ofHours(1));

    @Test
    void opensWhenItIsTheCurrentInvitation() {
      assertThat(LinkCheck.refuse(Optional.of(current), current.id(), NOW)).isEmpty();
    }

    @Test
    void isUsedOnceTheInvitationIsGone() {
      assertThat(LinkCheck.refuse(Optional.empty(), current.id(), NOW)).contains(LinkCheck.USED);
    }

    @Test
    void isReplacedByANewerInvitation() {
      assertThat(LinkCheck.refuse(Optional.of(current), "an-earlier-id", NOW))
          .contains(LinkCheck.REPLACED);
      assertThat(LinkCheck.refuse(Optional.of(current), null, NOW)).contains(LinkCheck.REPLACED);
    }

    @Test
    void expiresWithTheInvitation() {
      assertThat(LinkCheck.refuse(Optional.of(current), current.id(), NOW.plusSeconds(3601)))
          .contains(LinkCheck.EXPIRED);
      assertThat(LinkCheck.EXPIRED.reason()).isEqualTo("expired");
    }
  }

  @Nested
  class TheLifespanOption {

    @Test
    void defaultsToThreeDays() {
      assertThat(InvitationLifespan.parse(null)).isEqualTo(Duration.ofHours(72));
      assertThat(InvitationLifespan.parse(" ")).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void takesDecimalHours() {
      assertThat(InvitationLifespan.parse("24")).isEqualTo(Duration.ofHours(24));
      assertThat(InvitationLifespan.parse("0.5")).isEqualTo(Duration.ofMinutes(30));
      assertThat(InvitationLifespan.parse("0.01")).isEqualTo(Duration.ofSeconds(36));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "721", "three", "1e9999"})
    void refusesWhatNoInvitationShouldLive(String value) {
      assertThatThrownBy(() -> InvitationLifespan.parse(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lifespan-hours");
    }
  }

  @Nested
  class TheRequest {

    @Test
    void readsAValidRequest() throws Exception {
      InvitationRequest request = InvitationRequest.parse(json(
          "{\"email\":\"Ivy@Example.COM\",\"firstName\":\" Ivy \",\"role\":\"editor\"}"));

      assertThat(request).isEqualTo(new InvitationRequest("ivy@example.com", "Ivy", null,
          "editor"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{\"role\":\"viewer\"}",
        "{\"email\":\"nope\",\"role\":\"viewer\"}",
        "{\"email\":\"a@b.test\"}",
        "{\"email\":\"a@b.test\",\"role\":\"root\"}",
        "{\"email\":\"a@b.test\",\"role\":\"viewer\",\"lastName\":7}",
        "{\"email\":\"a@b.test\",\"role\":\"viewer\",\"lastName\":\"a\\u0000b\"}"})
    void refusesABadRequestWith400(String body) throws Exception {
      assertThatThrownBy(() -> InvitationRequest.parse(json(body)))
          .isInstanceOfSatisfying(WebApplicationException.class,
              e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }
  }

  private static JsonNode json(String text) throws Exception {
    return JsonSerialization.mapper.readTree(text);
  }
}
