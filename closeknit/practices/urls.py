from django.urls import path

from closeknit.practices import views
from closeknit.practices.flows import coach, conversation, notes, paired_views, plan

app_name = "practices"
urlpatterns = [
    path("practices/", views.index, name="index"),
    path("practices/mind/", views.mind, name="mind"),
    path("practices/log/", views.log, name="log"),
    path("practices/log/<int:log_id>/", views.entry, name="entry"),
    path("practices/log/<int:log_id>/delete/", views.delete_entry, name="delete_entry"),
    path("practices/run/<int:log_id>/", views.run, name="run"),
    path("practices/gratitude/", notes.gratitude, name="gratitude"),
    path("practices/moments/", notes.moments, name="moments"),
    path("practices/questions/", paired_views.questions, name="questions"),
    path("practices/questions/<slug:item>/", paired_views.question, name="question"),
    path("practices/map/", paired_views.emotional_map, name="map"),
    path("practices/map/state/", paired_views.map_state, name="map_state"),
    path("practices/plan.ics", plan.ics, name="plan_ics"),
    path("practices/coach/", coach.check, name="coach"),
    path("practices/talk/<int:talk_id>/", conversation.page, name="talk"),
    path("practices/talk/<int:talk_id>/state/", conversation.state, name="talk_state"),
    path("practices/talk/<int:talk_id>/act/", conversation.act, name="talk_act"),
    path("practices/<slug:slug>/talk/", conversation.start_page, name="talk_start"),
    path("practices/<slug:slug>/", views.detail, name="detail"),
    path("practices/<slug:slug>/start/", views.start, name="start"),
]
