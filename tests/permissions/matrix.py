"""The permission matrix (issue 6): every role of SPEC §3 against every page and API
endpoint, for a row of the role's own supplier and of another supplier, with the answer
the design calls for.

Columns are the roles (see ``world.ROLES``). ``target`` is ``own`` (the supplier in the
category manager's category, the supplier collaborator's own), ``other`` (another
supplier), or ``-`` for pages not about one supplier's row. Answers: an HTTP status, or
``ok`` for a write sent with an empty body that got past the permission check (any answer
but 403, 404, 405 and 5xx: the empty body then fails validation or is a no-op).

POST-only pages are also asked with GET: whoever may act gets 405, the others 403.

On the ``other`` supplier nobody holds the category manager's role, so a price change's
category-manager step goes to its fallback, the executive sponsor (and the steering
committee member, the sponsor's delegate in this world); the legal reviewer may sign as
the contract owner's fallback (issue 11).

The world's contracts are active, so a write to their price lines or service levels (page
table or API) is refused with 400 by whoever may otherwise make it (issue 18).

The expected answers were written from the design (SPEC §2-3 and the documented default
role grants), not read off the running app; ``test_matrix.py`` walks every cell.
"""

TABLE = """
# url name                              method target EXS STC CAT CON OPS ANA FIN LEG COL SUP AUD
home                                    GET    -      200 200 200 200 200 200 200 200 200 302 200
healthz                                 GET    -      200 200 200 200 200 200 200 200 200 200 200
dashboard                               GET    -      200 200 200 200 200 200 200 200 200 302 200
work_count                              GET    -      200 200 200 200 200 200 200 200 200 200 200
api:me-work                             GET    -      200 200 200 200 200 200 200 200 200 403 200
login                                   GET    -      302 302 302 302 302 302 302 302 302 302 302
logout                                  GET    -      405 405 405 405 405 405 405 405 405 405 405
audit:event_list                        GET    -      403 403 403 403 403 403 403 403 403 403 200
audit:verify                            GET    -      403 403 403 403 403 403 403 403 403 403 200
audit:verify                            POST   -      403 403 403 403 403 403 403 403 403 403 200
api:root                                GET    -      302 302 302 302 302 302 302 302 302 302 302
api:schema                              GET    -      200 200 200 200 200 200 200 200 200 200 200
api:docs                                GET    -      200 200 200 200 200 200 200 200 200 200 200
api:redoc                               GET    -      200 200 200 200 200 200 200 200 200 200 200
suppliers:supplier_list                 GET    -      200 200 200 200 200 200 200 200 200 200 200
suppliers:supplier_create               GET    -      403 403 200 403 403 200 403 403 403 403 403
suppliers:supplier_detail               GET    own    200 200 200 200 200 200 200 200 200 200 200
suppliers:supplier_detail               GET    other  200 200 404 200 200 200 200 200 200 404 200
suppliers:supplier_update               GET    own    403 403 200 403 403 200 403 403 403 403 403
suppliers:supplier_update               GET    other  403 403 404 403 403 200 403 403 403 403 403
suppliers:supplier_transition           GET    own    403 403 405 403 405 405 403 403 403 403 403
suppliers:supplier_transition           POST   own    403 403 302 403 302 302 403 403 403 403 403
suppliers:supplier_transition           POST   other  403 403 404 403 302 302 403 403 403 403 403
suppliers:supplier_receipts             GET    own    200 200 200 200 200 200 200 200 403 403 200
suppliers:supplier_receipts             GET    other  200 200 404 200 200 200 200 200 403 403 200
suppliers:contract_list                 GET    -      200 200 200 200 200 200 200 200 403 403 200
suppliers:contract_detail               GET    own    200 200 200 200 200 200 200 200 403 403 200
suppliers:contract_detail               GET    other  200 200 404 200 200 200 200 200 403 403 200
suppliers:contract_create               GET    -      403 403 200 200 403 403 403 403 403 403 403
suppliers:contract_update               GET    own    403 403 200 200 403 403 403 403 403 403 403
suppliers:contract_update               GET    other  403 403 404 200 403 403 403 403 403 403 403
suppliers:contract_transition           GET    own    403 403 405 405 403 403 403 403 403 403 403
suppliers:contract_transition           POST   own    403 403 302 302 403 403 403 403 403 403 403
suppliers:contract_transition           POST   other  403 403 404 302 403 403 403 403 403 403 403
suppliers:contract_renew                GET    own    403 403 405 405 403 403 403 403 403 403 403
suppliers:contract_renew                POST   own    403 403 302 302 403 403 403 403 403 403 403
suppliers:contract_renew                POST   other  403 403 404 302 403 403 403 403 403 403 403
suppliers:contract_prices               GET    own    403 403 302 302 403 403 403 403 403 403 403
suppliers:contract_prices               POST   own    403 403 400 400 403 403 403 403 403 403 403
suppliers:contract_prices               POST   other  403 403 404 400 403 403 403 403 403 403 403
suppliers:contract_service_levels       GET    own    403 403 302 302 403 403 403 403 403 403 403
suppliers:contract_service_levels       POST   own    403 403 400 400 403 403 403 403 403 403 403
suppliers:contract_service_levels       POST   other  403 403 404 400 403 403 403 403 403 403 403
suppliers:receipt_list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
suppliers:import                        GET    -      403 403 200 403 200 200 403 403 403 403 403
suppliers:certificate_create            GET    own    403 403 200 200 403 200 403 200 403 403 403
suppliers:certificate_create            GET    other  403 403 404 200 403 200 403 200 403 403 403
suppliers:certificate_detail            GET    own    200 200 200 200 200 200 200 200 403 403 200
suppliers:certificate_detail            GET    other  200 200 404 200 200 200 200 200 403 403 200
suppliers:certificate_update            GET    own    403 403 200 200 403 200 403 200 403 403 403
suppliers:certificate_update            GET    other  403 403 404 200 403 200 403 200 403 403 403
suppliers:supplier_document_create      GET    own    403 403 200 200 403 200 403 200 403 403 403
suppliers:supplier_document_create      GET    other  403 403 404 200 403 200 403 200 403 403 403
suppliers:contract_document_create      GET    own    403 403 200 200 403 200 403 200 403 403 403
suppliers:contract_document_create      GET    other  403 403 404 200 403 200 403 200 403 403 403
suppliers:document_new_version          GET    own    403 403 200 200 403 200 403 200 403 403 403
suppliers:document_new_version          GET    other  403 403 404 200 403 200 403 200 403 403 403
suppliers:document_download             GET    own    200 200 200 200 200 200 200 200 403 403 200
suppliers:document_download             GET    other  200 200 404 200 200 200 200 200 403 403 200
search                                  GET    -      200 200 200 200 200 200 200 200 200 200 200
api:search                              GET    -      200 200 200 200 200 200 200 200 200 200 200
api:certificate-list                    GET    -      200 200 200 200 200 200 200 200 403 403 200
api:certificate-list                    POST   -      403 403 400 400 403 400 403 400 403 403 403
api:certificate-detail                  GET    own    200 200 200 200 200 200 200 200 403 403 200
api:certificate-detail                  GET    other  200 200 404 200 200 200 200 200 403 403 200
api:certificate-detail                  PATCH  own    403 403 200 200 403 200 403 200 403 403 403
api:certificate-detail                  PATCH  other  403 403 404 200 403 200 403 200 403 403 403
api:document-list                       GET    -      200 200 200 200 200 200 200 200 403 403 200
api:document-list                       POST   -      403 403 415 415 403 415 403 415 403 403 403
api:document-detail                     GET    own    200 200 200 200 200 200 200 200 403 403 200
api:document-detail                     GET    other  200 200 404 200 200 200 200 200 403 403 200
api:document-download                   GET    own    200 200 200 200 200 200 200 200 403 403 200
api:document-download                   GET    other  200 200 404 200 200 200 200 200 403 403 200
suppliers:item_list                     GET    -      200 200 200 200 200 200 200 200 200 200 200
suppliers:item_create                   GET    -      403 403 200 403 200 200 403 403 403 403 403
suppliers:item_detail                   GET    -      200 200 200 200 200 200 200 200 200 200 200
suppliers:item_update                   GET    -      403 403 200 403 200 200 403 403 403 403 403
suppliers:supplier_contacts             GET    own    200 200 200 200 200 200 200 200 200 403 200
suppliers:supplier_contacts             GET    other  200 200 404 200 200 200 200 200 200 403 200
suppliers:contact_list                  GET    -      200 200 200 200 200 200 200 200 200 403 200
suppliers:contact_create                GET    -      403 403 200 403 403 200 403 403 200 403 403
suppliers:contact_update                GET    own    403 403 200 403 403 200 403 403 200 403 403
suppliers:contact_update                GET    other  403 403 404 403 403 200 403 403 200 403 403
suppliers:contact_anonymise             GET    own    403 403 405 403 403 405 403 403 403 403 403
suppliers:contact_anonymise             POST   own    403 403 302 403 403 302 403 403 403 403 403
suppliers:contact_anonymise             POST   other  403 403 404 403 403 302 403 403 403 403 403
suppliers:relationship_owner_create     GET    -      403 403 200 403 403 200 403 403 403 403 403
suppliers:relationship_owner_remove     GET    own    403 403 405 403 403 405 403 403 403 403 403
suppliers:relationship_owner_remove     POST   own    403 403 302 403 403 302 403 403 403 403 403
suppliers:relationship_owner_remove     POST   other  403 403 404 403 403 302 403 403 403 403 403
api:category-list                       GET    -      200 200 200 200 200 200 200 200 200 200 200
api:category-detail                     GET    -      200 200 200 200 200 200 200 200 200 200 200
api:supplier-list                       GET    -      200 200 200 200 200 200 200 200 200 200 200
api:supplier-list                       POST   -      403 403 400 403 403 400 403 403 403 403 403
api:supplier-detail                     GET    own    200 200 200 200 200 200 200 200 200 200 200
api:supplier-detail                     GET    other  200 200 404 200 200 200 200 200 200 404 200
api:supplier-detail                     PATCH  own    403 403 200 403 403 200 403 403 403 403 403
api:supplier-detail                     PATCH  other  403 403 404 403 403 200 403 403 403 403 403
api:supplier-transition                 POST   own    403 403 400 403 400 400 403 403 403 403 403
api:supplier-transition                 POST   other  403 403 404 403 400 400 403 403 403 403 403
api:item-list                           GET    -      200 200 200 200 200 200 200 200 200 200 200
api:item-list                           POST   -      403 403 400 403 400 400 403 403 403 403 403
api:item-detail                         GET    -      200 200 200 200 200 200 200 200 200 200 200
api:item-detail                         PATCH  -      403 403 200 403 200 200 403 403 403 403 403
api:contract-list                       GET    -      200 200 200 200 200 200 200 200 403 403 200
api:contract-list                       POST   -      403 403 400 400 403 403 403 403 403 403 403
api:contract-detail                     GET    own    200 200 200 200 200 200 200 200 403 403 200
api:contract-detail                     GET    other  200 200 404 200 200 200 200 200 403 403 200
api:contract-detail                     PATCH  own    403 403 200 200 403 403 403 403 403 403 403
api:contract-detail                     PATCH  other  403 403 404 200 403 403 403 403 403 403 403
api:contract-activate                   POST   own    403 403 400 400 403 403 403 403 403 403 403
api:contract-activate                   POST   other  403 403 404 400 403 403 403 403 403 403 403
api:contract-renew                      POST   own    403 403 201 201 403 403 403 403 403 403 403
api:contract-renew                      POST   other  403 403 404 201 403 403 403 403 403 403 403
api:contractprice-list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
api:contractprice-list                  POST   -      403 403 400 400 403 403 403 403 403 403 403
api:contractprice-detail                GET    own    200 200 200 200 200 200 200 200 403 403 200
api:contractprice-detail                GET    other  200 200 404 200 200 200 200 200 403 403 200
api:contractprice-detail                PATCH  own    403 403 400 400 403 403 403 403 403 403 403
api:contractprice-detail                PATCH  other  403 403 404 400 403 403 403 403 403 403 403
api:contractprice-detail                DELETE own    403 403 400 400 403 403 403 403 403 403 403
api:contractprice-detail                DELETE other  403 403 404 400 403 403 403 403 403 403 403
api:servicelevel-list                   GET    -      200 200 200 200 200 200 200 200 403 403 200
api:servicelevel-list                   POST   -      403 403 400 400 403 403 403 403 403 403 403
api:servicelevel-detail                 GET    own    200 200 200 200 200 200 200 200 403 403 200
api:servicelevel-detail                 GET    other  200 200 404 200 200 200 200 200 403 403 200
api:servicelevel-detail                 PATCH  own    403 403 400 400 403 403 403 403 403 403 403
api:servicelevel-detail                 PATCH  other  403 403 404 400 403 403 403 403 403 403 403
api:servicelevel-detail                 DELETE own    403 403 400 400 403 403 403 403 403 403 403
api:servicelevel-detail                 DELETE other  403 403 404 400 403 403 403 403 403 403 403
api:receipt-list                        GET    -      200 200 200 200 200 200 200 200 403 403 200
api:receipt-list                        POST   -      403 403 403 403 400 400 403 403 403 403 403
api:receipt-detail                      GET    own    200 200 200 200 200 200 200 200 403 403 200
api:receipt-detail                      GET    other  200 200 404 200 200 200 200 200 403 403 200
api:importbatch-list                    GET    -      200 200 200 200 200 200 200 200 403 403 200
api:importbatch-list                    POST   -      403 403 ok  403 ok  ok  403 403 403 403 403
api:importbatch-detail                  GET    -      200 200 200 200 200 200 200 200 403 403 200
api:contact-list                        GET    -      200 200 200 200 200 200 200 200 200 403 200
api:contact-list                        POST   -      403 403 400 403 403 400 403 403 400 403 403
api:contact-detail                      GET    own    200 200 200 200 200 200 200 200 200 403 200
api:contact-detail                      GET    other  200 200 404 200 200 200 200 200 200 403 200
api:contact-detail                      PATCH  own    403 403 200 403 403 200 403 403 200 403 403
api:contact-detail                      PATCH  other  403 403 404 403 403 200 403 403 200 403 403
api:contact-anonymise                   POST   own    403 403 200 403 403 200 403 403 403 403 403
api:contact-anonymise                   POST   other  403 403 404 403 403 200 403 403 403 403 403
api:relationshipowner-list              GET    -      200 200 200 200 200 200 200 200 200 403 200
api:relationshipowner-list              POST   -      403 403 400 403 403 400 403 403 403 403 403
api:relationshipowner-detail            GET    own    200 200 200 200 200 200 200 200 404 403 200
api:relationshipowner-detail            GET    other  200 200 404 200 200 200 200 200 404 403 200
api:relationshipowner-detail            DELETE own    403 403 204 403 403 204 403 403 403 403 403
api:relationshipowner-detail            DELETE other  403 403 404 403 403 204 403 403 403 403 403
scorecards:supplier_scorecard           GET    own    200 200 200 200 200 200 200 200 403 200 200
scorecards:supplier_scorecard           GET    other  200 200 404 200 200 200 200 200 403 404 200
scorecards:portfolio                    GET    -      200 200 200 200 200 200 200 200 403 200 200
scorecards:explain                      GET    own    200 200 200 200 200 200 200 200 403 200 200
scorecards:explain                      GET    other  200 200 404 200 200 200 200 200 403 404 200
scorecards:what_if                      GET    -      200 200 403 403 403 200 403 403 403 403 403
scorecards:kpi_list                     GET    -      200 200 200 200 200 200 200 200 403 403 200
scorecards:run_list                     GET    -      200 200 200 200 200 200 200 200 403 403 200
scorecards:run_start                    GET    -      403 403 403 403 403 405 403 403 403 403 403
scorecards:run_start                    POST   -      403 403 403 403 403 302 403 403 403 403 403
scorecards:corrective_action_list       GET    -      200 200 200 200 200 200 200 200 403 200 200
scorecards:corrective_action_detail     GET    own    200 200 200 200 200 200 200 200 403 200 200
scorecards:corrective_action_detail     GET    other  200 200 404 200 200 200 200 200 403 404 200
scorecards:corrective_action_detail     POST   own    403 403 400 403 400 400 403 403 403 403 403
scorecards:corrective_action_detail     POST   other  403 403 404 403 400 400 403 403 403 404 403
api:scorecard-list                      GET    -      200 200 200 200 200 200 200 200 403 200 200
api:scorecard-detail                    GET    own    200 200 200 200 200 200 200 200 403 200 200
api:scorecard-detail                    GET    other  200 200 404 200 200 200 200 200 403 404 200
api:scorecard-explain                   GET    own    200 200 200 200 200 200 200 200 403 200 200
api:scorecard-explain                   GET    other  200 200 404 200 200 200 200 200 403 404 200
api:kpidefinition-list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
api:kpidefinition-detail                GET    -      200 200 200 200 200 200 200 200 403 403 200
api:kpidefinition-detail                PATCH  -      200 200 403 403 403 200 403 403 403 403 403
api:recomputerun-list                   GET    -      200 200 200 200 200 200 200 200 403 403 200
api:recomputerun-list                   POST   -      403 403 403 403 403 202 403 403 403 403 403
api:recomputerun-detail                 GET    -      200 200 200 200 200 200 200 200 403 403 200
api:correctiveaction-list               GET    -      200 200 200 200 200 200 200 200 403 200 200
api:correctiveaction-detail             GET    own    200 200 200 200 200 200 200 200 403 200 200
api:correctiveaction-detail             GET    other  200 200 404 200 200 200 200 200 403 404 200
api:correctiveaction-detail             PATCH  own    403 403 200 403 200 200 403 403 403 403 403
api:correctiveaction-detail             PATCH  other  403 403 404 403 200 200 403 403 403 403 403
governance:decision_rights              GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:decision_list                GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:decision_create              GET    -      403 403 200 200 200 200 403 403 403 403 403
governance:decision_detail              GET    own    200 200 200 200 200 200 200 200 403 403 200
governance:decision_detail              GET    other  200 200 404 200 200 200 200 200 403 403 200
governance:decision_update              GET    own    403 403 200 200 200 200 403 403 403 403 403
governance:decision_update              GET    other  403 403 404 200 200 200 403 403 403 403 403
governance:decision_submit              GET    own    403 403 405 405 405 405 403 403 403 403 403
governance:decision_submit              POST   own    403 403 ok  ok  ok  ok  403 403 403 403 403
governance:decision_submit              POST   other  403 403 404 ok  ok  ok  403 403 403 403 403
governance:decision_sign_off            GET    own    405 405 405 405 405 405 405 405 403 403 403
governance:decision_sign_off            POST   own    ok  ok  ok  ok  ok  ok  ok  ok  403 403 403
governance:decision_sign_off            POST   other  ok  ok  404 ok  ok  ok  ok  ok  403 403 403
governance:decision_apply               GET    own    403 403 405 405 405 405 403 403 403 403 403
governance:decision_apply               POST   own    403 403 ok  ok  ok  ok  403 403 403 403 403
governance:decision_apply               POST   other  403 403 404 ok  ok  ok  403 403 403 403 403
governance:decision_withdraw            GET    own    405 405 405 405 405 405 405 405 403 403 405
governance:decision_withdraw            POST   own    403 403 403 403 403 302 403 403 403 403 403
governance:decision_withdraw            POST   other  403 403 404 403 403 302 403 403 403 403 403
governance:decision_return              GET    own    405 405 405 405 405 405 405 405 403 403 405
governance:decision_return              POST   own    403 403 302 403 403 403 302 403 403 403 403
governance:decision_return              POST   other  302 302 404 403 403 403 302 403 403 403 403
governance:delegation_list              GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:delegation_create            GET    -      200 200 200 200 200 200 200 200 403 403 403
governance:delegation_end               GET    -      405 405 405 405 405 405 405 405 403 403 403
governance:delegation_end               POST   -      302 404 404 404 404 404 404 404 403 403 403
governance:dispute_list                 GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:dispute_create               GET    -      403 200 200 200 200 200 403 403 403 403 403
governance:dispute_detail               GET    own    200 200 200 200 200 200 200 200 403 403 200
governance:dispute_detail               GET    other  200 200 404 200 200 200 200 200 403 403 200
governance:dispute_resolve              GET    own    405 405 405 403 405 403 403 403 403 403 403
governance:dispute_resolve              POST   own    ok  ok  ok  403 ok  403 403 403 403 403 403
governance:dispute_resolve              POST   other  ok  ok  404 403 ok  403 403 403 403 403 403
governance:request_list                 GET    -      200 200 200 200 200 200 200 200 403 200 200
governance:request_create               GET    -      403 403 200 200 200 200 403 403 403 403 403
governance:request_detail               GET    own    200 200 200 200 200 200 200 200 403 200 200
governance:request_detail               GET    other  200 200 404 200 200 200 200 200 403 404 200
governance:request_answer               GET    own    403 403 405 405 405 405 403 403 403 405 403
governance:request_answer               POST   own    403 403 ok  ok  ok  ok  403 403 403 ok  403
governance:request_answer               POST   other  403 403 404 ok  ok  ok  403 403 403 404 403
governance:steering_groups              GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:meeting_list                 GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:meeting_create               GET    -      200 200 403 403 403 200 403 403 403 403 403
governance:meeting_detail               GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:meeting_hold                 GET    -      405 405 403 403 403 405 403 403 403 403 403
governance:meeting_hold                 POST   -      ok  ok  403 403 403 ok  403 403 403 403 403
governance:meeting_action_create        GET    -      405 405 405 405 405 405 403 403 403 403 403
governance:meeting_action_create        POST   -      ok  ok  ok  ok  ok  ok  403 403 403 403 403
governance:meeting_link_decision        GET    -      405 405 403 403 403 405 403 403 403 403 403
governance:meeting_link_decision        POST   -      ok  ok  403 403 403 ok  403 403 403 403 403
governance:action_list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:my_actions                   GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:action_detail                GET    own    200 200 200 200 200 200 200 200 403 403 200
governance:action_detail                GET    other  200 200 404 200 200 200 200 200 403 403 200
governance:action_status                GET    own    405 405 405 405 405 405 405 405 403 403 405
governance:action_status                POST   own    ok  ok  ok  ok  ok  ok  ok  ok  403 403 403
governance:action_status                POST   other  ok  ok  404 ok  ok  ok  ok  ok  403 403 403
governance:notifications                GET    -      200 200 200 200 200 200 200 200 200 200 200
governance:notifications_read           GET    -      405 405 405 405 405 405 405 405 405 405 405
governance:notifications_read           POST   -      302 302 302 302 302 302 302 302 302 302 302
governance:notification_read            POST   own    302 302 302 302 302 302 302 302 302 302 302
governance:notification_read            POST   other  404 404 404 404 404 404 404 404 404 404 404
governance:review_latest                GET    -      302 302 302 302 302 302 302 302 403 403 302
governance:review                       GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:review_pdf                   GET    -      200 200 200 200 200 200 200 200 403 403 200
governance:supplier_governance          GET    own    200 200 200 200 200 200 200 200 403 403 200
governance:supplier_governance          GET    other  200 200 404 200 200 200 200 200 403 403 200
api:decisiontype-list                   GET    -      200 200 200 200 200 200 200 200 403 403 200
api:decisiontype-detail                 GET    -      200 200 200 200 200 200 200 200 403 403 200
api:decisionrequest-list                GET    -      200 200 200 200 200 200 200 200 403 403 200
api:decisionrequest-list                POST   -      403 403 400 400 400 400 403 403 403 403 403
api:decisionrequest-detail              GET    own    200 200 200 200 200 200 200 200 403 403 200
api:decisionrequest-detail              GET    other  200 200 404 200 200 200 200 200 403 403 200
api:decisionrequest-submit              POST   own    403 403 ok  ok  ok  ok  403 403 403 403 403
api:decisionrequest-submit              POST   other  403 403 404 ok  ok  ok  403 403 403 403 403
api:decisionrequest-sign-off            POST   own    403 403 ok  403 403 403 ok  403 403 403 403
api:decisionrequest-sign-off            POST   other  ok  ok  404 403 403 403 ok  403 403 403 403
api:decisionrequest-reject              POST   own    ok  ok  ok  ok  ok  ok  ok  ok  403 403 403
api:decisionrequest-reject              POST   other  ok  ok  404 ok  ok  ok  ok  ok  403 403 403
api:decisionrequest-apply               POST   own    403 403 ok  ok  ok  ok  403 403 403 403 403
api:decisionrequest-apply               POST   other  403 403 404 ok  ok  ok  403 403 403 403 403
api:decisionrequest-withdraw            POST   own    403 403 403 403 403 ok  403 403 403 403 403
api:decisionrequest-withdraw            POST   other  403 403 404 403 403 ok  403 403 403 403 403
api:decisionrequest-return              POST   own    400 400 400 400 400 400 400 400 403 403 400
api:decisionrequest-return              POST   other  400 400 404 400 400 400 400 400 403 403 400
api:delegation-list                     GET    -      200 200 200 200 200 200 200 200 403 403 200
api:delegation-list                     POST   -      400 400 400 400 400 400 400 400 403 403 403
api:delegation-detail                   GET    -      200 200 404 404 404 404 404 404 403 403 404
api:delegation-end                      POST   -      204 403 404 404 404 404 404 404 403 403 403
api:dispute-list                        GET    -      200 200 200 200 200 200 200 200 403 403 200
api:dispute-list                        POST   -      403 400 400 400 400 400 403 403 403 403 403
api:dispute-detail                      GET    own    200 200 200 200 200 200 200 200 403 403 200
api:dispute-detail                      GET    other  200 200 404 200 200 200 200 200 403 403 200
api:dispute-resolve                     POST   own    400 400 400 403 400 403 403 403 403 403 403
api:dispute-resolve                     POST   other  400 400 404 403 400 403 403 403 403 403 403
api:supplierrequest-list                GET    -      200 200 200 200 200 200 200 200 403 200 200
api:supplierrequest-list                POST   -      403 403 400 400 400 400 403 403 403 403 403
api:supplierrequest-detail              GET    own    200 200 200 200 200 200 200 200 403 200 200
api:supplierrequest-detail              GET    other  200 200 404 200 200 200 200 200 403 404 200
api:supplierrequest-answer              POST   own    403 403 400 400 400 400 403 403 403 400 403
api:supplierrequest-answer              POST   other  403 403 404 400 400 400 403 403 403 404 403
api:steeringgroup-list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
api:steeringgroup-detail                GET    -      200 200 200 200 200 200 200 200 403 403 200
api:meeting-list                        GET    -      200 200 200 200 200 200 200 200 403 403 200
api:meeting-detail                      GET    -      200 200 200 200 200 200 200 200 403 403 200
api:actionitem-list                     GET    -      200 200 200 200 200 200 200 200 403 403 200
api:actionitem-detail                   GET    own    200 200 200 200 200 200 200 200 403 403 200
api:actionitem-detail                   GET    other  200 200 404 200 200 200 200 200 403 403 200
api:review-detail                       GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:register                           GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:reviews                            GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:matrix                             GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:dimensions                         GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:continuity                         GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:regions                            GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:plan_create                        GET    -      403 403 200 403 200 200 403 403 403 403 403
risk:plan_detail                        GET    own    200 200 200 200 200 200 200 200 403 403 200
risk:plan_detail                        GET    other  200 200 404 200 200 200 200 200 403 403 200
risk:plan_update                        GET    own    403 403 200 403 200 200 403 403 403 403 403
risk:plan_update                        GET    other  403 403 404 403 200 200 403 403 403 403 403
risk:exercise_create                    GET    own    403 403 405 403 405 405 403 403 403 403 403
risk:exercise_create                    POST   own    403 403 ok  403 ok  ok  403 403 403 403 403
risk:exercise_create                    POST   other  403 403 404 403 ok  ok  403 403 403 403 403
risk:supplier_risk                      GET    own    200 200 200 200 200 200 200 200 403 403 200
risk:supplier_risk                      GET    other  200 200 404 200 200 200 200 200 403 403 200
risk:assess                             GET    own    403 403 200 403 403 200 403 403 403 403 403
risk:assess                             GET    other  403 403 404 403 403 200 403 403 403 403 403
risk:incident_list                      GET    -      200 200 200 200 200 200 200 200 403 403 200
risk:incident_create                    GET    -      403 403 403 403 200 200 403 403 403 403 403
risk:incident_detail                    GET    own    200 200 200 200 200 200 200 200 403 403 200
risk:incident_detail                    GET    other  200 200 404 200 200 200 200 200 403 403 200
risk:incident_update                    GET    own    403 403 403 403 200 200 403 403 403 403 403
risk:incident_update                    GET    other  403 403 403 403 200 200 403 403 403 403 403
api:riskdimension-list                  GET    -      200 200 200 200 200 200 200 200 403 403 200
api:riskdimension-detail                GET    -      200 200 200 200 200 200 200 200 403 403 200
api:riskscore-list                      GET    -      200 200 200 200 200 200 200 200 403 403 200
api:riskscore-detail                    GET    own    200 200 200 200 200 200 200 200 403 403 200
api:riskscore-detail                    GET    other  200 200 404 200 200 200 200 200 403 403 200
api:riskassessment-list                 GET    -      200 200 200 200 200 200 200 200 403 403 200
api:riskassessment-list                 POST   -      403 403 400 403 403 400 403 403 403 403 403
api:riskassessment-detail               GET    own    200 200 200 200 200 200 200 200 403 403 200
api:riskassessment-detail               GET    other  200 200 404 200 200 200 200 200 403 403 200
api:continuityplan-list                 GET    -      200 200 200 200 200 200 200 200 403 403 200
api:continuityplan-detail               GET    own    200 200 200 200 200 200 200 200 403 403 200
api:continuityplan-detail               GET    other  200 200 404 200 200 200 200 200 403 403 200
api:continuityexercise-list             GET    -      200 200 200 200 200 200 200 200 403 403 200
api:continuityexercise-detail           GET    own    200 200 200 200 200 200 200 200 403 403 200
api:continuityexercise-detail           GET    other  200 200 404 200 200 200 200 200 403 403 200
api:incident-list                       GET    -      200 200 200 200 200 200 200 200 403 403 200
api:incident-list                       POST   -      403 403 403 403 400 400 403 403 403 403 403
api:incident-detail                     GET    own    200 200 200 200 200 200 200 200 403 403 200
api:incident-detail                     GET    other  200 200 404 200 200 200 200 200 403 403 200
api:incident-detail                     PATCH  own    403 403 403 403 200 200 403 403 403 403 403
api:incident-detail                     PATCH  other  403 403 403 403 200 200 403 403 403 403 403
api:continuity-gaps                     GET    -      200 200 200 200 200 200 200 200 403 403 200
api:regions                             GET    -      200 200 200 200 200 200 200 200 403 403 200
collaboration:pilot_list                GET    -      200 200 200 403 200 200 403 403 200 200 200
collaboration:pilot_create              GET    -      403 403 200 403 200 200 403 403 200 403 403
collaboration:pilot_detail              GET    own    200 200 200 403 200 200 403 403 200 200 200
collaboration:pilot_detail              GET    other  200 200 404 403 200 200 403 403 200 404 200
collaboration:pilot_update              GET    own    403 403 200 403 200 200 403 403 200 403 403
collaboration:pilot_update              GET    other  403 403 404 403 200 200 403 403 200 403 403
collaboration:pilot_transition          GET    own    403 403 405 403 405 405 403 403 405 403 403
collaboration:pilot_transition          POST   own    403 403 ok  403 ok  ok  403 403 ok  403 403
collaboration:pilot_transition          POST   other  403 403 404 403 ok  ok  403 403 ok  403 403
collaboration:pilot_task_create         GET    own    403 403 405 403 405 405 403 403 405 405 403
collaboration:pilot_task_create         POST   own    403 403 ok  403 ok  ok  403 403 ok  ok  403
collaboration:pilot_task_create         POST   other  403 403 404 403 ok  ok  403 403 ok  404 403
collaboration:task_move                 GET    own    403 403 405 403 405 405 403 403 405 405 403
collaboration:task_move                 POST   own    403 403 ok  403 ok  ok  403 403 ok  ok  403
collaboration:task_move                 POST   other  403 403 404 403 ok  ok  403 403 ok  404 403
collaboration:idea_list                 GET    -      200 200 200 403 200 200 403 403 200 200 200
collaboration:idea_create               GET    -      403 403 200 403 200 200 403 403 200 200 403
collaboration:idea_detail               GET    own    200 200 200 403 200 200 403 403 200 200 200
collaboration:idea_detail               GET    other  200 200 404 403 200 200 403 403 200 404 200
collaboration:idea_transition           GET    own    403 403 405 403 403 405 403 403 405 403 403
collaboration:idea_transition           POST   own    403 403 ok  403 403 ok  403 403 ok  403 403
collaboration:idea_transition           POST   other  403 403 404 403 403 ok  403 403 ok  403 403
collaboration:roadmap_list              GET    -      200 200 200 403 200 200 403 403 200 200 200
collaboration:roadmap_create            GET    -      403 403 200 403 200 200 403 403 200 403 403
collaboration:roadmap_update            GET    own    403 403 200 403 200 200 403 403 200 403 403
collaboration:roadmap_update            GET    other  403 403 404 403 200 200 403 403 200 403 403
collaboration:forecast_list             GET    -      200 200 200 403 200 200 403 403 200 200 200
collaboration:forecast_create           GET    -      403 403 200 403 200 200 403 403 403 403 403
collaboration:forecast_detail           GET    own    200 200 200 403 200 200 403 403 200 200 200
collaboration:forecast_detail           GET    other  200 200 404 403 200 200 403 403 200 404 200
collaboration:forecast_share            GET    own    403 403 405 403 405 405 403 403 403 403 403
collaboration:forecast_share            POST   own    403 403 ok  403 ok  ok  403 403 403 403 403
collaboration:forecast_share            POST   other  403 403 404 403 ok  ok  403 403 403 403 403
collaboration:forecast_acknowledge      GET    own    403 403 403 403 403 403 403 403 403 405 403
collaboration:forecast_acknowledge      POST   own    403 403 403 403 403 403 403 403 403 ok  403
collaboration:forecast_acknowledge      POST   other  403 403 403 403 403 403 403 403 403 404 403
collaboration:policy_list               GET    -      200 200 200 403 200 200 403 403 200 200 200
collaboration:policy_edit               GET    own    200 403 200 403 403 200 403 403 403 403 403
collaboration:policy_edit               GET    other  200 403 404 403 403 200 403 403 403 403 403
collaboration:supplier_space            GET    own    200 200 200 403 200 200 403 403 200 200 200
collaboration:supplier_space            GET    other  200 200 404 403 200 200 403 403 200 404 200
collaboration:portal                    GET    -      403 403 403 403 403 403 403 403 403 200 403
collaboration:portal_request            GET    own    403 403 403 403 403 403 403 403 403 200 403
collaboration:portal_request            GET    other  403 403 403 403 403 403 403 403 403 404 403
collaboration:portal_corrective_action  GET    own    403 403 403 403 403 403 403 403 403 200 403
collaboration:portal_corrective_action  GET    other  403 403 403 403 403 403 403 403 403 404 403
collaboration:portal_appeal             GET    own    403 403 403 403 403 403 403 403 403 200 403
collaboration:portal_appeal             GET    other  403 403 403 403 403 403 403 403 403 404 403
api:pilot-list                          GET    -      200 200 200 403 200 200 403 403 200 200 200
api:pilot-list                          POST   -      403 403 400 403 400 400 403 403 400 403 403
api:pilot-detail                        GET    own    200 200 200 403 200 200 403 403 200 200 200
api:pilot-detail                        GET    other  200 200 404 403 200 200 403 403 200 404 200
api:pilot-transition                    POST   own    403 403 400 403 400 400 403 403 400 403 403
api:pilot-transition                    POST   other  403 403 404 403 400 400 403 403 400 403 403
api:pilottask-list                      GET    -      200 200 200 403 200 200 403 403 200 200 200
api:pilottask-detail                    GET    own    200 200 200 403 200 200 403 403 200 200 200
api:pilottask-detail                    GET    other  200 200 404 403 200 200 403 403 200 404 200
api:idea-list                           GET    -      200 200 200 403 200 200 403 403 200 200 200
api:idea-list                           POST   -      403 403 400 403 400 400 403 403 400 400 403
api:idea-detail                         GET    own    200 200 200 403 200 200 403 403 200 200 200
api:idea-detail                         GET    other  200 200 404 403 200 200 403 403 200 404 200
api:idea-transition                     POST   own    403 403 400 403 403 400 403 403 400 403 403
api:idea-transition                     POST   other  403 403 404 403 403 400 403 403 400 403 403
api:roadmapitem-list                    GET    -      200 200 200 403 200 200 403 403 200 200 200
api:roadmapitem-detail                  GET    own    200 200 200 403 200 200 403 403 200 200 200
api:roadmapitem-detail                  GET    other  200 200 404 403 200 200 403 403 200 404 200
api:forecast-list                       GET    -      200 200 200 403 200 200 403 403 200 200 200
api:forecast-detail                     GET    own    200 200 200 403 200 200 403 403 200 200 200
api:forecast-detail                     GET    other  200 200 404 403 200 200 403 403 200 404 200
api:forecast-acknowledge                POST   own    403 403 403 403 403 403 403 403 403 400 403
api:forecast-acknowledge                POST   other  403 403 403 403 403 403 403 403 403 404 403
api:forecast-share                      POST   own    403 403 ok  403 ok  ok  403 403 403 403 403
api:forecast-share                      POST   other  403 403 404 403 ok  ok  403 403 403 403 403
api:sharingpolicy-list                  GET    -      200 200 200 403 200 200 403 403 200 200 200
api:sharingpolicy-detail                GET    own    200 200 200 403 200 200 403 403 200 200 200
api:sharingpolicy-detail                GET    other  200 200 404 403 200 200 403 403 200 404 200
accounts:token_list                     GET    -      200 200 200 200 200 200 200 200 200 200 200
accounts:token_list                     POST   -      200 200 200 200 200 200 200 200 200 200 200
accounts:token_revoke                   GET    other  405 405 405 405 405 405 405 405 405 405 405
accounts:token_revoke                   POST   other  404 404 404 404 404 404 404 404 404 404 404
api:apitoken-list                       GET    -      200 200 200 200 200 200 200 200 200 200 200
api:apitoken-list                       POST   -      400 400 400 400 400 400 400 400 400 400 400
api:apitoken-detail                     GET    other  404 404 404 404 404 404 404 404 404 404 404
api:apitoken-detail                     DELETE other  404 404 404 404 404 404 404 404 404 404 404
accounts:user_list                      GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_invite                    GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_invite                    POST   -      403 403 403 403 403 403 403 403 403 403 403
accounts:collaborator_invite            GET    -      403 403 200 403 403 403 403 403 403 403 403
accounts:collaborator_invite            POST   -      403 403 400 403 403 403 403 403 403 403 403
accounts:user_detail                    GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_access                    GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_access                    POST   -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_deactivate                GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_deactivate                POST   -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_unlock                    GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_unlock                    POST   -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_session_revoke            GET    -      403 403 403 403 403 403 403 403 403 403 403
accounts:user_session_revoke            POST   -      403 403 403 403 403 403 403 403 403 403 403
accounts:invitation_accept              GET    -      404 404 404 404 404 404 404 404 404 404 404
accounts:invitation_accept              POST   -      404 404 404 404 404 404 404 404 404 404 404
api:user-list                           GET    -      403 403 403 403 403 403 403 403 403 403 403
api:user-list                           POST   -      403 403 403 403 403 403 403 403 403 403 403
api:user-detail                         GET    -      403 403 403 403 403 403 403 403 403 403 403
api:user-deactivate                     POST   -      403 403 403 403 403 403 403 403 403 403 403
mfa_list_webauthn                       GET    -      200 200 200 200 200 200 200 200 200 200 200
mfa_list_webauthn                       POST   -      405 405 405 405 405 405 405 405 405 405 405
mfa_add_webauthn                        GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_add_webauthn                        POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_reauthenticate_webauthn             GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_reauthenticate_webauthn             POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_remove_webauthn                     GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_remove_webauthn                     POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_edit_webauthn                       GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_edit_webauthn                       POST   -      302 302 302 302 302 302 302 302 302 302 302
account_change_password                 GET    -      200 200 200 200 200 200 200 200 200 200 200
account_change_password                 POST   -      200 200 200 200 200 200 200 200 200 200 200
account_confirm_email                   GET    -      200 200 200 200 200 200 200 200 200 200 200
account_confirm_email                   POST   -      404 404 404 404 404 404 404 404 404 404 404
account_confirm_login_code              GET    -      302 302 302 302 302 302 302 302 302 302 302
account_confirm_login_code              POST   -      302 302 302 302 302 302 302 302 302 302 302
account_email                           GET    -      200 200 200 200 200 200 200 200 200 200 200
account_email                           POST   -      302 302 302 302 302 302 302 302 302 302 302
account_email_verification_sent         GET    -      200 200 200 200 200 200 200 200 200 200 200
account_email_verification_sent         POST   -      405 405 405 405 405 405 405 405 405 405 405
account_inactive                        GET    -      200 200 200 200 200 200 200 200 200 200 200
account_inactive                        POST   -      405 405 405 405 405 405 405 405 405 405 405
account_login                           GET    -      302 302 302 302 302 302 302 302 302 302 302
account_login                           POST   -      302 302 302 302 302 302 302 302 302 302 302
account_logout                          GET    -      200 200 200 200 200 200 200 200 200 200 200
account_logout                          POST   -      302 302 302 302 302 302 302 302 302 302 302
account_reauthenticate                  GET    -      200 200 200 200 200 200 200 200 200 200 200
account_reauthenticate                  POST   -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password                  GET    -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password                  POST   -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password_done             GET    -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password_done             POST   -      405 405 405 405 405 405 405 405 405 405 405
account_reset_password_from_key         GET    -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password_from_key         POST   -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password_from_key_done    GET    -      200 200 200 200 200 200 200 200 200 200 200
account_reset_password_from_key_done    POST   -      405 405 405 405 405 405 405 405 405 405 405
account_set_password                    GET    -      302 302 302 302 302 302 302 302 302 302 302
account_set_password                    POST   -      302 302 302 302 302 302 302 302 302 302 302
account_signup                          GET    -      302 302 302 302 302 302 302 302 302 302 302
account_signup                          POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_activate_totp                       GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_activate_totp                       POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_authenticate                        GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_authenticate                        POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_deactivate_totp                     GET    -      404 404 404 404 404 404 404 404 404 404 404
mfa_deactivate_totp                     POST   -      404 404 404 404 404 404 404 404 404 404 404
mfa_download_recovery_codes             GET    -      404 404 404 404 404 404 404 404 404 404 404
mfa_download_recovery_codes             POST   -      404 404 404 404 404 404 404 404 404 404 404
mfa_generate_recovery_codes             GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_generate_recovery_codes             POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_index                               GET    -      200 200 200 200 200 200 200 200 200 200 200
mfa_index                               POST   -      405 405 405 405 405 405 405 405 405 405 405
mfa_reauthenticate                      GET    -      302 302 302 302 302 302 302 302 302 302 302
mfa_reauthenticate                      POST   -      302 302 302 302 302 302 302 302 302 302 302
mfa_view_recovery_codes                 GET    -      404 404 404 404 404 404 404 404 404 404 404
mfa_view_recovery_codes                 POST   -      405 405 405 405 405 405 405 405 405 405 405
openid_connect_callback                 GET    -      404 404 404 404 404 404 404 404 404 404 404
openid_connect_callback                 POST   -      404 404 404 404 404 404 404 404 404 404 404
openid_connect_login                    GET    -      404 404 404 404 404 404 404 404 404 404 404
openid_connect_login                    POST   -      404 404 404 404 404 404 404 404 404 404 404
socialaccount_connections               GET    -      200 200 200 200 200 200 200 200 200 200 200
socialaccount_connections               POST   -      200 200 200 200 200 200 200 200 200 200 200
socialaccount_login_cancelled           GET    -      200 200 200 200 200 200 200 200 200 200 200
socialaccount_login_cancelled           POST   -      405 405 405 405 405 405 405 405 405 405 405
socialaccount_login_error               GET    -      401 401 401 401 401 401 401 401 401 401 401
socialaccount_login_error               POST   -      405 405 405 405 405 405 405 405 405 405 405
socialaccount_signup                    GET    -      302 302 302 302 302 302 302 302 302 302 302
socialaccount_signup                    POST   -      302 302 302 302 302 302 302 302 302 302 302
saml_acs                                GET    -      302 302 302 302 302 302 302 302 302 302 302
saml_acs                                POST   -      302 302 302 302 302 302 302 302 302 302 302
saml_finish_acs                         GET    -      404 404 404 404 404 404 404 404 404 404 404
saml_finish_acs                         POST   -      404 404 404 404 404 404 404 404 404 404 404
saml_sls                                GET    -      404 404 404 404 404 404 404 404 404 404 404
saml_sls                                POST   -      404 404 404 404 404 404 404 404 404 404 404
saml_metadata                           GET    -      404 404 404 404 404 404 404 404 404 404 404
saml_metadata                           POST   -      404 404 404 404 404 404 404 404 404 404 404
saml_login                              GET    -      404 404 404 404 404 404 404 404 404 404 404
saml_login                              POST   -      404 404 404 404 404 404 404 404 404 404 404
"""

# The matrix's column for choices and sorts (issue 12, finding 3): per list page and list
# endpoint, the columns it sorts by; per form, its row choices; each with its guard.
# ``name`` alone: whoever sees the list may sort by it. ``name=action:app.Model``: only who
# may take that action (``Model.field_permissions`` through ``permissions.may_read_path``, or
# a column's own ``permission``); the sort is dropped for the others. A choice is ``reach``
# (rows of the suppliers within the user's reach, ``permissions.restrict_choices``),
# ``people`` (a supplier collaborator picks only its own people and the buyer's) or ``open``
# (rows bound to no supplier). ``test_choices_and_sorts.py`` compares this with the code,
# so a new sortable column or form choice is declared here, with its guard, in review.
# An indented line goes on with the route above it.
CHOICES_AND_SORTS = """
# route or form                        sorts or choices
api:actionitem-list                    created_at due_date status
api:category-list                      code name
api:certificate-list                   expires_on kind
api:continuityplan-list                item__code rto_hours
api:contract-list                      end_date number renewal_date start_date status
api:correctiveaction-list              created_at due_date status
api:decisionrequest-list               created_at decided_at state submitted_at
api:decisiontype-list                  code name order
api:dispute-list                       created_at level step_due_at
api:document-list                      created_at version
api:forecast-list                      created_at status title
api:idea-list                          accepted_on estimated_value status submitted_on
api:importbatch-list                   created_at
api:meeting-list                       scheduled_for
api:pilot-list                         start_date status title
api:pilottask-list                     due_date status
api:receipt-list                       order_date po_number promised_date received_date
api:riskassessment-list                assessed_on
api:riskdimension-list                 code order weight
api:riskscore-list                     as_of composite review_due_on spend_share
api:roadmapitem-list                   status target_quarter title
api:scorecard-list                     period score supplier__code trend_score
api:sharingpolicy-list                 supplier__name
api:supplier-list                      code expected_annual_spend=view:suppliers.Contract name
                                       region status tier
api:supplierrequest-list               due_at first_answered_at sent_at
accounts:user_list                     email is_active last_login supplier username
audit:event_list                       action actor_repr object_repr object_type occurred_at seq
                                       supplier_code
collaboration:forecast_list            acknowledged_at line_count shared_at status supplier title
collaboration:idea_list                accepted_on estimated_value proposer realised_value status
                                       submitted_on supplier title
collaboration:pilot_list               budget start_date status supplier title
collaboration:policy_list              code name
collaboration:roadmap_list             led_by status supplier target_quarter title
governance:action_list                 due_date owner status supplier title
governance:decision_list               decided_at decision_type id path requester state
                                       submitted_at supplier title
governance:dispute_list                created_at id level status step_due_at subject supplier
governance:meeting_list                group kind scheduled_for status title
governance:my_actions                  due_date owner status supplier title
governance:request_list                due_at first_answered_at owner sent_at status subject
                                       supplier
risk:continuity                        buffer_stock_days item last_exercised owner rto_hours
                                       supplier
risk:register                          composite level name region review_due_on segment
                                       spend_share supplier
risk:reviews                           composite level name region review_due_on segment
                                       spend_share supplier
scorecards:corrective_action_list      due_date owner source status supplier title
scorecards:portfolio                   movement previous_score region score standing supplier
                                       trend_score
scorecards:run_list                    error id period_from period_to scope started_at status
                                       triggered_by
suppliers:contract_list                end_date notice_period_days number owner renewal_date
                                       start_date status supplier title
suppliers:receipt_list                 agreed_unit_price defective_qty item order_date ordered_qty
                                       po_line po_number promised_date received_date received_qty
                                       rejected_qty supplier unit_price
suppliers:supplier_list                code country current_standing=view:scorecards.Scorecard
                                       expected_annual_spend=view:suppliers.Contract name region
                                       relationship_owner risk_level=view:risk.RiskScore status
                                       tier
suppliers:supplier_receipts            agreed_unit_price defective_qty item order_date ordered_qty
                                       po_line po_number promised_date received_date received_qty
                                       rejected_qty supplier unit_price
collaboration.forms.PilotForm          members=people
collaboration.forms.PilotTaskForm      assignee=people
governance.forms.ActionItemForm        owner=people supplier=reach
governance.forms.DecisionRequestForm   contract=reach decision_type=open item=open supplier=reach
governance.forms.DelegationForm        delegate=people
governance.forms.DisputeForm           supplier=reach
governance.forms.LinkDecisionForm      decision=reach
governance.forms.MeetingForm           group=open
governance.forms.SupplierRequestForm   owner=people supplier=reach
risk.forms.ContinuityPlanForm          alternate_sources=reach contract=reach item=open
                                       owner=people supplier=reach
scorecards.forms.CorrectiveActionForm  owner=people
suppliers.forms.SupplierForm           categories=open relationship_owner=people
api:contractprice-list                 effective_from item__code
api:servicelevel-list                  effective_from metric
suppliers.forms.ContractForm           owner=people supplier=reach
suppliers.forms.PriceLineForm          item=open
api:contact-list                       created_at is_primary name supplier__code works_on
api:incident-list                      kind occurred_on severity supplier__code
api:item-list                          code is_critical name unit
api:relationshipowner-list             created_at supplier__code works_on
risk.forms.IncidentForm                item=open supplier=reach
risk:incident_list                     description item kind occurred_on severity supplier
suppliers.forms.ContactForm            supplier=reach
suppliers.forms.ItemForm               category=open
suppliers.forms.RelationshipOwnerForm  supplier=reach user=people
suppliers:contact_list                 email function is_primary name phone supplier works_on
suppliers:item_list                    category code is_critical name unit
"""
