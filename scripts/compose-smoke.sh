#!/usr/bin/env bash
# With `docker compose up -d --build` running: the contract suites against the real
# EventStoreDB and MongoDB, then a short scenario against the composed api on :3000.
set -euo pipefail
cd "$(dirname "$0")/.."

export EVENTSTORE_URL="${EVENTSTORE_URL:-esdb://localhost:2113?tls=false}"
export MONGODB_URL="${MONGODB_URL:-mongodb://localhost:27017/?replicaSet=rs0&directConnection=true}"
API="${API:-http://localhost:3000}"
# Same secret as docker-compose.yml's AUTH_JWT_SECRET.
export AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-compose-development-secret-change-me}"

echo "== contract suites against the real servers"
npx jest test/contract --ci

echo "== scenario against $API"
for i in $(seq 1 30); do curl -sf "$API/health" > /dev/null && break; sleep 2; done
TOKEN=$(npx tsx scripts/token.ts --partner smoke-partner --role global-admin)
# The JSON content type only on requests with a body: a body-less POST that claims JSON is a 400.
auth=(-H "authorization: Bearer $TOKEN")
json=(-H 'content-type: application/json')
customer=$(curl -sf "${auth[@]}" "${json[@]}" "$API/v1/customers" -d '{"name":"Smoke Ltd","billingCountry":"TW","segment":"commercial"}')
customer_id=$(node -pe "JSON.parse(process.argv[1]).id" "$customer")
order=$(curl -sf "${auth[@]}" "${json[@]}" -H "idempotency-key: smoke-$(date +%s)" "$API/v1/customers/$customer_id/orders" \
  -d '{"lines":[{"offerId":"m365-business-basic-monthly","quantity":2}]}')
subscription_id=$(node -pe "JSON.parse(process.argv[1]).subscriptions[0].id" "$order")
cancel=$(curl -sf "${auth[@]}" -X POST "$API/v1/subscriptions/$subscription_id/cancel")
position=$(node -pe "encodeURIComponent(JSON.parse(process.argv[1]).position)" "$cancel")
status=$(curl -sf "${auth[@]}" "$API/v1/subscriptions/$subscription_id?consistentWith=$position" | node -pe "JSON.parse(require('fs').readFileSync(0)).status")
if [ "$status" != "cancelled" ]; then echo "smoke FAILED: subscription is $status, expected cancelled"; exit 1; fi
echo "smoke OK: customer $customer_id bought and cancelled $subscription_id through EventStoreDB and MongoDB"
