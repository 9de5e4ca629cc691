"""Pages of the collaboration track for both sides (the buyer's staff and supplier
collaborators) and the supplier portal. Thin: the choke point mixin, a selector, a form,
a service."""
