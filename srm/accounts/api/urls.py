from rest_framework.routers import SimpleRouter

from .views import ApiTokenViewSet, UserViewSet

router = SimpleRouter()
router.register("tokens", ApiTokenViewSet, basename="apitoken")
router.register("users", UserViewSet, basename="user")
urlpatterns = router.urls
