app_name = "committees_staff"

urlpatterns: list = []
