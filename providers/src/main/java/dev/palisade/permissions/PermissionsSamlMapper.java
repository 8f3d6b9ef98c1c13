package dev.palisade.permissions;

import java.util.List;

import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.saml.mappers.AbstractSAMLProtocolMapper;
import org.keycloak.protocol.saml.mappers.AttributeStatementHelper;
import org.keycloak.protocol.saml.mappers.SAMLAttributeStatementMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.saml.common.constants.JBossSAMLURIConstants;

/**
 * SAML: the same three claims as {@link PermissionsMapper}, as attributes {@code tenant},
 * {@code role} and {@code permissions} (one value per permission) in the assertion's attribute
 * statement. Its id differs from the OIDC mapper's because Keycloak keys protocol mappers by id
 * across protocols.
 */
public final class PermissionsSamlMapper extends AbstractSAMLProtocolMapper
    implements SAMLAttributeStatementMapper {

  /** Mapper id, part of the public contract. */
  public static final String ID = "palisade-permissions-saml";

  @Override
  public void transformAttributeStatement(AttributeStatementType attributeStatement,
      ProtocolMapperModel mappingModel, KeycloakSession session, UserSessionModel userSession,
      AuthenticatedClientSessionModel clientSession) {
    TokenClaims claims = TokenClaims.of(session, userSession);
    add(attributeStatement, TokenClaims.TENANT, List.of(claims.tenant()));
    if (claims.role() != null) {
      add(attributeStatement, TokenClaims.ROLE, List.of(claims.role()));
    }
    add(attributeStatement, TokenClaims.PERMISSIONS, claims.permissions());
  }

  private static void add(AttributeStatementType statement, String name, List<String> values) {
    AttributeType attribute = new AttributeType(name);
    attribute.setNameFormat(JBossSAMLURIConstants.ATTRIBUTE_FORMAT_BASIC.get());
    values.forEach(attribute::addAttributeValue);
    statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public String getDisplayCategory() {
    return AttributeStatementHelper.ATTRIBUTE_STATEMENT_CATEGORY;
  }

  @Override
  public String getDisplayType() {
    return "Palisade: tenant, role and permissions";
  }

  @Override
  public String getHelpText() {
    return "Adds the attributes tenant, role and permissions to the assertion.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }
}
