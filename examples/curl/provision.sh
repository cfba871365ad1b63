#!/usr/bin/env bash
# Provision a shared mailbox on the mbx emulator with curl alone, as any outside client would:
# a token from the Entra endpoint, a licensed user through Microsoft Graph, then a shared mailbox,
# its sign-in blocked, Full Access and Send As through the Exchange admin API.
#
#   mbx emulator --state-dir .mbx/emulator &      # then:
#   examples/curl/provision.sh .mbx/emulator/env
#
# TLS is verified against the emulator's CA (--cacert); nothing here turns verification off.
set -euo pipefail

env_file=${1:?usage: provision.sh <state-dir>/env}
set -a
# shellcheck disable=SC1090
. "$env_file"
set +a

domain=${MBX_DOMAIN:-contoso.com}
shared=${MBX_SHARED:-info@$domain}
delegate=${MBX_DELEGATE:-max.mustermann@$domain}

# The value of a string field in a JSON answer (enough for these flat answers).
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }

token() {
  curl --silent --show-error --fail-with-body --cacert "$NODE_EXTRA_CA_CERTS" \
    --data-urlencode "client_id=$AZURE_CLIENT_ID" \
    --data-urlencode "client_secret=$AZURE_CLIENT_SECRET" \
    --data-urlencode "scope=$1/.default" \
    --data-urlencode 'grant_type=client_credentials' \
    "$MBX_AUTHORITY_HOST/$AZURE_TENANT_ID/oauth2/v2.0/token" | field access_token
}

graph() { # method path [json]
  curl --silent --show-error --fail-with-body --cacert "$NODE_EXTRA_CA_CERTS" -X "$1" \
    -H "Authorization: Bearer $graph_token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$MBX_GRAPH_URL/v1.0/$2"
}

exo() { # cmdlet parameters-json
  curl --silent --show-error --fail-with-body --cacert "$NODE_EXTRA_CA_CERTS" \
    -H "Authorization: Bearer $exchange_token" -H 'Content-Type: application/json' \
    --data "{\"CmdletInput\":{\"CmdletName\":\"$1\",\"Parameters\":$2}}" \
    "$MBX_EXCHANGE_URL/adminapi/beta/$AZURE_TENANT_ID/InvokeCommand"
}

graph_token=$(token https://graph.microsoft.com)
exchange_token=$(token https://outlook.office365.com)

echo "1. delegate $delegate, licensed for Exchange Online"
user_id=$(graph POST users "{\"accountEnabled\":true,\"displayName\":\"Max Mustermann\",\"mailNickname\":\"${delegate%@*}\",\"userPrincipalName\":\"$delegate\",\"usageLocation\":\"DE\",\"passwordProfile\":{\"password\":\"Delegate-Pass-1\"}}" | field id)
graph POST "users/$user_id/assignLicense" '{"addLicenses":[{"skuId":"4b9405b0-7788-4568-add1-99614e613b69","disabledPlans":[]}],"removeLicenses":[]}' > /dev/null

echo "2. shared mailbox $shared"
mailbox=$(exo New-Mailbox "{\"Shared\":true,\"Name\":\"${shared%@*}\",\"DisplayName\":\"Contoso ${shared%@*}\",\"PrimarySmtpAddress\":\"$shared\"}")
shared_user=$(printf '%s' "$mailbox" | field ExternalDirectoryObjectId)

echo "3. block the shared mailbox's sign-in"
graph PATCH "users/$shared_user" '{"accountEnabled":false}'

echo "4. Full Access and Send As for $delegate"
exo Add-MailboxPermission "{\"Identity\":\"$shared\",\"User\":\"$delegate\",\"AccessRights\":[\"FullAccess\"],\"AutoMapping\":false}" > /dev/null
exo Add-RecipientPermission "{\"Identity\":\"$shared\",\"Trustee\":\"$delegate\",\"AccessRights\":[\"SendAs\"],\"Confirm\":false}" > /dev/null

echo "5. what the tenant now holds"
exo Get-Mailbox "{\"Identity\":\"$shared\"}" | grep -o '"RecipientTypeDetails":"[^"]*"'
graph GET "users/$shared_user?\$select=accountEnabled" | grep -o '"accountEnabled":[a-z]*'
exo Get-MailboxPermission "{\"Identity\":\"$shared\",\"User\":\"$delegate\"}" | grep -o '"User":"[^"]*","AccessRights@odata.type":"[^"]*","AccessRights":\[[^]]*\]'
exo Get-RecipientPermission "{\"Identity\":\"$shared\",\"Trustee\":\"$delegate\"}" | grep -o '"Trustee":"[^"]*"'
